import { getForecastSettings } from "@/lib/forecasts/get-forecast-settings";
import { updateForecastSettings } from "@/lib/forecasts/update-forecast-settings";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** The capacity margin in effect and its default. */
export const GET = apiRoute("GET /api/v1/forecasts/settings", (ctx) => getForecastSettings(ctx));

/** { capacityMarginPercent: 0..1000 }: admins only; a bad field is a 400 naming it. */
export const PATCH = apiRoute("PATCH /api/v1/forecasts/settings", async (ctx, request) =>
  updateForecastSettings(ctx, await jsonBody(request)),
);
