import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { addDays, utcDay } from "../time";
import { COST_HISTORY_DAYS } from "./cost-forecast";
import { forecastStart, readServiceKeys, type ServiceKey } from "./read-service-hours";

/** What the forecasts page can show: services and environments with traffic, features with cost (200 each at most). */
export async function listForecastKeys(
  ctx: Ctx,
  now: Date = new Date(),
): Promise<{ services: ServiceKey[]; features: string[] }> {
  authorize(ctx, "read");
  const today = utcDay(now);
  const [services, features] = await Promise.all([
    readServiceKeys(forecastStart(now), { limit: 200 }),
    pool().query<{ feature: string }>(
      `SELECT feature FROM cost_allocation WHERE day >= $1::date AND day < $2::date
        GROUP BY 1 ORDER BY sum(effective_cost) DESC, feature COLLATE "C" LIMIT 200`,
      [addDays(today, -COST_HISTORY_DAYS), today],
    ),
  ]);
  return { services, features: features.rows.map((row) => row.feature) };
}
