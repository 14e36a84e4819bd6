import { apiRoute } from "@/lib/http/api-route";
import { getProposalPatch } from "@/lib/proposals/get-proposal-patch";

export const dynamic = "force-dynamic";

/** The approved change as a `git format-patch` file (`git am` applies it). */
export const GET = apiRoute<{ id: string }>("GET /api/v1/proposals/[id]/patch", async (ctx, _request, { id }) => {
  const { fileName, content } = await getProposalPatch(ctx, id);
  return new Response(content, {
    headers: {
      "content-type": "text/x-patch; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
