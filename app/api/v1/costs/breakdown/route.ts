import { exportBreakdown } from "@/lib/attribution/export-breakdown";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** The Costs page's breakdown table as text/csv: ?from=&to=&groupBy=&metric=&expand=0|1&page=, plus any filters. */
export const GET = apiRoute("GET /api/v1/costs/breakdown", async (ctx, request) => {
  const { filename, csv } = await exportBreakdown(ctx, queryOf(request));
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
