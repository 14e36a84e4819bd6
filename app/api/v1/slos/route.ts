import { apiRoute, jsonBody, queryOf } from "@/lib/http/api-route";
import { createSlo } from "@/lib/slo/create-slo";
import { listSlos } from "@/lib/slo/list-slos";

export const dynamic = "force-dynamic";

/** SLOs by name with their status at a glance: ?service=&limit=&cursor= */
export const GET = apiRoute("GET /api/v1/slos", (ctx, request) => listSlos(ctx, queryOf(request)));

/** { name, service, sli, objectivePercent, window, ... } (lib/slo/schemas.ts): 201 with the SLO and its id. */
export const POST = apiRoute("POST /api/v1/slos", async (ctx, request) => createSlo(ctx, await jsonBody(request)));
