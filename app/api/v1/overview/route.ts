import { apiRoute, queryOf } from "@/lib/http/api-route";
import { getOverview } from "@/lib/overview/get-overview";

export const dynamic = "force-dynamic";

export const GET = apiRoute("GET /api/v1/overview", (ctx, request) => {
  const days = queryOf(request).days;
  return getOverview(ctx, { days: days ? Number(days) : 30 });
});
