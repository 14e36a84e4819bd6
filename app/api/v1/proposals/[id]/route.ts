import { apiRoute } from "@/lib/http/api-route";
import { getProposal } from "@/lib/proposals/get-proposal";

export const dynamic = "force-dynamic";

/** One proposal with its checks, figures and decision. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/proposals/[id]", (ctx, _request, { id }) =>
  getProposal(ctx, id),
);
