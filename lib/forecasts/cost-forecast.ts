import { type Forecast, forecastSeries } from "@/lib/anomalies/forecast";
import { DAY, type RegularSeries } from "@/lib/anomalies/series";
import { addDays, daysBetween } from "../time";
import { toScaled } from "@/lib/decimal";
import { CENT_UNITS, centsOf, centsText, unitsToCents } from "./cents";
import type { CostPoint, FeatureForecast } from "./schemas";
import { weeklyGrouping } from "./weekly-grouping";

/** Days of cost the model learns from (its default for daily series). */
export const COST_HISTORY_DAYS = 56;
const UNIT = 1e18;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Daily cost over [from, to) in currency units, from the first day with allocated cost (so the
 * model's two-week cold start counts days of spend). After it a day without any cost is zero
 * up to the last day with cost; later days are missing, as bills arrive late.
 */
export function dailyCostSeries(costByDay: ReadonlyMap<string, bigint>, from: string, to: string): RegularSeries {
  const all = daysBetween(from, to);
  const first = all.findIndex((day) => costByDay.has(day));
  const days = first < 0 ? [] : all.slice(first);
  const last = days.findLastIndex((day) => costByDay.has(day));
  const values = new Float64Array(days.length).fill(NaN);
  for (let i = 0; i <= last; i++) values[i] = Number(costByDay.get(days[i]) ?? 0n) / UNIT;
  return { startMs: dayMs(days[0] ?? to), stepMs: DAY, values };
}

/** The model's daily forecast from `today` (the first day not complete), at one coverage. */
export function dailyForecast(
  costByDay: ReadonlyMap<string, bigint>,
  today: string,
  days: number,
  coverage: 0.8 | 0.95,
): Forecast {
  const series = dailyCostSeries(costByDay, addDays(today, -COST_HISTORY_DAYS), today);
  return forecastSeries(series, {
    horizonMs: Math.max(1, days) * DAY,
    historyMs: COST_HISTORY_DAYS * DAY,
    weekly: weeklyGrouping(series),
    coverage,
  });
}

/** A bound as cents, never below zero for a series that never was (a cost, not a credit). */
function boundCents(forecast: Forecast, value: number): bigint | null {
  const cents = centsOf(value);
  return cents !== null && forecast.ratio && cents < 0n ? 0n : cents;
}

function costPoints(at80: Forecast, at95: Forecast, today: string): CostPoint[] {
  const points: CostPoint[] = [];
  for (let i = 0; i < at95.expected.length; i++) {
    const expected = centsOf(at95.expected[i]);
    const bounds = [at80.lower[i], at80.upper[i], at95.lower[i], at95.upper[i]].map((v) => boundCents(at95, v));
    if (expected === null || bounds.some((bound) => bound === null)) continue;
    const [lower80, upper80, lower95, upper95] = (bounds as bigint[]).map(centsText);
    points.push({ day: addDays(today, i), expected: centsText(expected), lower80, upper80, lower95, upper95 });
  }
  return points;
}

const sumCents = (values: string[]) => centsText(values.reduce((sum, value) => sum + toScaled(value) / CENT_UNITS, 0n));

/** A feature's daily cost for the next `horizon` days from its last 56, with 80 % and 95 % intervals. */
export function costForecast(
  key: { feature: string; currency: string },
  costByDay: ReadonlyMap<string, bigint>,
  today: string,
  horizon = 14,
): FeatureForecast {
  const series = dailyCostSeries(costByDay, addDays(today, -COST_HISTORY_DAYS), today);
  const at95 = dailyForecast(costByDay, today, horizon, 0.95);
  const at80 = dailyForecast(costByDay, today, horizon, 0.8);
  const points = at95.state === "ready" ? costPoints(at80, at95, today) : [];
  const history = daysBetween(addDays(today, -COST_HISTORY_DAYS), today)
    .filter((day) => costByDay.has(day))
    .map((day) => ({ day, cost: centsText(unitsToCents(costByDay.get(day) ?? 0n)) }));
  return {
    ...key,
    state: at95.state,
    weekly: weeklyGrouping(series),
    history,
    points,
    total: points.length
      ? {
          expected: sumCents(points.map((p) => p.expected)),
          lower95: sumCents(points.map((p) => p.lower95)),
          upper95: sumCents(points.map((p) => p.upper95)),
        }
      : null,
  };
}
