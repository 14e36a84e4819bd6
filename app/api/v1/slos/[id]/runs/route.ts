import { apiRoute, jsonBody, queryOf } from "@/lib/http/api-route";
import { listRuns } from "@/lib/runbooks/list-runs";
import { proposeRun } from "@/lib/runbooks/propose-run";

export const dynamic = "force-dynamic";

/** ?limit=&cursor=: the runbook runs for the SLO's alerts, newest first. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/slos/[id]/runs", (ctx, request, { id }) =>
  listRuns(ctx, { ...queryOf(request), sloId: id }),
);

/** { runbookId, sloAlertId? }: 201 with the run for that alert (else the SLO's latest), awaiting approval. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/slos/[id]/runs", async (ctx, request, { id }) => {
  const body = await jsonBody(request);
  const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
  return proposeRun(ctx, isObject ? { ...body, sloId: id } : body);
});
