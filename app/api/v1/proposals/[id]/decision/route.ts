import { apiRoute, jsonBody } from "@/lib/http/api-route";
import { decideProposal } from "@/lib/proposals/decide-proposal";

export const dynamic = "force-dynamic";

/** { decision: approve|reject, reason }: 200 with the proposal as it now is. */
export const POST = apiRoute<{ id: string }>("POST /api/v1/proposals/[id]/decision", async (ctx, request, { id }) =>
  // A decision changes a proposal; it creates nothing, so 200 rather than the POST default 201.
  Response.json(await decideProposal(ctx, id, await jsonBody(request)), { headers: { "cache-control": "no-store" } }),
);
