import { apiRoute, jsonBody, queryOf } from "@/lib/http/api-route";
import { listRuns } from "@/lib/runbooks/list-runs";
import { proposeRun } from "@/lib/runbooks/propose-run";

export const dynamic = "force-dynamic";

/** ?limit=&cursor=: the anomaly's runbook runs, newest first. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/anomalies/[id]/runs", (ctx, request, { id }) =>
  listRuns(ctx, { ...queryOf(request), anomalyId: id }),
);

/** { runbookId }: 201 with the run, awaiting approval, and the exact request it will send. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/anomalies/[id]/runs", async (ctx, request, { id }) => {
  const body = await jsonBody(request);
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  return proposeRun(ctx, isObject ? { ...body, anomalyId: id } : body);
});
