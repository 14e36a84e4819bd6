import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { rejectRun } from "@/lib/runbooks/reject-run";

export const dynamic = "force-dynamic";

/** { reason? } (or no body): 200 with the rejected run; nothing is sent. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/runs/[id]/reject", async (ctx, request, { id }) => {
  const body = request.headers.get("content-type") ? await jsonBody(request) : {};
  return Response.json(await rejectRun(ctx, id, body), { headers: { "cache-control": "no-store" } });
});
