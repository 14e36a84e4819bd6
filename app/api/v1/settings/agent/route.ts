import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { describeAgentSettings } from "@/lib/settings/agent-mode";
import { updateAgentSettings } from "@/lib/settings/update-agent-settings";

export const dynamic = "force-dynamic";

/** The data classes that may leave the building, the model switch, and the model in effect. */
export const GET = apiRoute("GET /api/v1/settings/agent", (ctx) => describeAgentSettings(ctx));

/** { dataClasses?, modelEnabled? }: admins only; a bad field is a 400 naming it. */
export const PATCH = apiRoute("PATCH /api/v1/settings/agent", async (ctx, request) =>
  updateAgentSettings(ctx, await jsonBody(request)),
);
