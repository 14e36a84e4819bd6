import { linkIncident } from "@/lib/delivery/link-incident";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** { deploymentId: string | null, reason }: which deployment caused the incident (null: none did), set by a person. */
export const PATCH = apiRoute<{ id: string }>("PATCH /api/v1/delivery/incidents/[id]", async (ctx, request, { id }) =>
  linkIncident(ctx, id, await jsonBody(request)),
);
