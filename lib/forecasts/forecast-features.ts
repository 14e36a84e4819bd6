import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { toScaled } from "@/lib/decimal";
import { addDays, utcDay } from "../time";
import { parseInput } from "../validation";
import { COST_HISTORY_DAYS, costForecast } from "./cost-forecast";
import { encodeKey, type FeatureForecast, FeatureForecastsInput } from "./schemas";

/**
 * The allocation's currency: cost_allocation keeps no currency column, and the console shows its
 * amounts as dollars, so a forecast is in USD and asking for another currency finds nothing.
 */
export const ALLOCATION_CURRENCY = "USD";

/**
 * Daily effective-cost forecasts, 14 days from `today`, per feature with allocated cost in the 56
 * days before, in key order a page at a time.
 */
export async function forecastFeatures(
  ctx: Ctx,
  input: FeatureForecastsInput = {},
  today: string = utcDay(new Date()),
): Promise<{ items: FeatureForecast[]; nextCursor: string | null; start: string }> {
  authorize(ctx, "read");
  const query = parseInput(FeatureForecastsInput, input);
  if (query.currency && query.currency !== ALLOCATION_CURRENCY) return { items: [], nextCursor: null, start: today };
  const from = addDays(today, -COST_HISTORY_DAYS);
  const { rows: keys } = await pool().query<{ feature: string }>(
    `SELECT feature FROM cost_allocation
      WHERE day >= $1::date AND day < $2::date AND ($3::text IS NULL OR feature = $3)
        AND ($4::text IS NULL OR feature COLLATE "C" > $4::text COLLATE "C")
      GROUP BY 1 ORDER BY feature COLLATE "C" LIMIT $5`,
    [from, today, query.feature ?? null, query.cursor?.[0] ?? null, query.limit + 1],
  );
  const page = keys.slice(0, query.limit).map((row) => row.feature);
  const { rows } = await pool().query<{ feature: string; day: string; cost: string }>(
    `SELECT feature, day::text, sum(effective_cost)::text AS cost FROM cost_allocation
      WHERE feature = ANY($1::text[]) AND day >= $2::date AND day < $3::date GROUP BY 1, 2`,
    [page, from, today],
  );
  const byFeature = new Map(page.map((feature) => [feature, new Map<string, bigint>()]));
  for (const row of rows) byFeature.get(row.feature)?.set(row.day, toScaled(row.cost));
  return {
    items: page.map((feature) =>
      costForecast({ feature, currency: ALLOCATION_CURRENCY }, byFeature.get(feature) ?? new Map(), today),
    ),
    nextCursor: keys.length > query.limit ? encodeKey([page[page.length - 1]]) : null,
    start: today,
  };
}
