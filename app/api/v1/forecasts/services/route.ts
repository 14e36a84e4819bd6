import { forecastServices } from "@/lib/forecasts/forecast-services";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?service=&environment=&limit=&cursor=: hourly request-rate forecasts, 14 days ahead, with 80 % and 95 % intervals. */
export const GET = apiRoute("GET /api/v1/forecasts/services", (ctx, request) =>
  forecastServices(ctx, queryOf(request)),
);
