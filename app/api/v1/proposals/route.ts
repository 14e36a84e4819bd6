import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listProposals } from "@/lib/proposals/list-proposals";

export const dynamic = "force-dynamic";

/** Proposals, newest first: ?kind=&status=&source=&subject=&cursor=&limit= → { items, next } */
export const GET = apiRoute("GET /api/v1/proposals", async (ctx, request) => {
  const { items, nextCursor } = await listProposals(ctx, queryOf(request));
  return { items, next: nextCursor };
});
