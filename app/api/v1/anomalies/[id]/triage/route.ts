import { triageAnomaly } from "@/lib/anomalies/triage-anomaly";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** { status?, assignee?, comment?, traceId? }: 200 with the anomaly's id and status. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/anomalies/[id]/triage", async (ctx, request, { id }) =>
  Response.json(await triageAnomaly(ctx, id, await jsonBody(request)), {
    headers: { "cache-control": "no-store" },
  }),
);
