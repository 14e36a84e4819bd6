import { apiRoute } from "@/lib/http/api-route";
import { getTeardownPlan } from "@/lib/zombies/teardown-plans";

export const dynamic = "force-dynamic";

/** The plan's file (a Terraform patch or a shell script) as a download. */
export const GET = apiRoute<{ id: string }>("GET /api/v1/zombies/plans/[id]", async (ctx, _request, { id }) => {
  const { fileName, content } = await getTeardownPlan(ctx, id);
  return new Response(content, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
    },
  });
});
