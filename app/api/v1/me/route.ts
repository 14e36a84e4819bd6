import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** Who the caller is: a person with a role, or an API key with scopes. */
export const GET = apiRoute("GET /api/v1/me", async (ctx) => ({
  kind: ctx.actor.kind,
  label: ctx.actor.label,
  role: ctx.actor.role,
  scopes: ctx.actor.scopes,
}));
