import { forecastFeatures } from "@/lib/forecasts/forecast-features";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?feature=&currency=&limit=&cursor=: daily cost forecasts per feature, 14 days ahead, in cents. */
export const GET = apiRoute("GET /api/v1/forecasts/features", (ctx, request) =>
  forecastFeatures(ctx, queryOf(request)),
);
