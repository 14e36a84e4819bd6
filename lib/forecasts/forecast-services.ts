import { authorize, type Ctx } from "../context";
import { parseInput } from "../validation";
import { readForecastSettings } from "./read-forecast-settings";
import { forecastStart, hoursOf, readServiceHours, readServiceKeys } from "./read-service-hours";
import { encodeKey, type ServiceForecast, ServiceForecastsInput } from "./schemas";
import { serviceForecast } from "./service-forecast";

/**
 * Request-rate forecasts, 14 days of hours ahead, per service and environment with traffic in the
 * last 30 days, in name order a page at a time; each with the capacity rule's warning, if any.
 */
export async function forecastServices(
  ctx: Ctx,
  input: ServiceForecastsInput = {},
  now: Date = new Date(),
): Promise<{ items: ServiceForecast[]; nextCursor: string | null; marginPercent: number; start: string }> {
  authorize(ctx, "read");
  const query = parseInput(ServiceForecastsInput, input);
  const endMs = forecastStart(now);
  const keys = await readServiceKeys(endMs, { ...query, after: query.cursor, limit: query.limit + 1 });
  const page = keys.slice(0, query.limit);
  const [hours, settings] = await Promise.all([readServiceHours(page, endMs), readForecastSettings()]);
  const margin = query.margin ?? settings.capacityMarginPercent;
  const last = page.at(-1);
  return {
    items: page.map((key) => serviceForecast(key, hoursOf(hours, key), endMs, margin)),
    nextCursor: keys.length > query.limit && last ? encodeKey([last.service, last.environment]) : null,
    marginPercent: margin,
    start: new Date(endMs).toISOString(),
  };
}
