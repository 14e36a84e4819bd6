import { forecastMonth } from "../attribution/forecast";
import type { MonthForecast } from "../attribution/schemas";
import { fromScaled } from "@/lib/decimal";
import { addDays, daysBetween } from "../time";
import { CENT_UNITS, centsOf, centsText } from "./cents";
import { dailyForecast } from "./cost-forecast";

function monthEndOf(today: string): string {
  const next = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return next.toISOString().slice(0, 10);
}

/** Sum of `values` over the first `days` steps as cents, or null when one is not known. */
function sumCents(values: Float64Array, days: number, floorAtZero: boolean): bigint | null {
  let sum = 0n;
  for (let i = 0; i < days; i++) {
    const cents = centsOf(values[i]);
    if (cents === null) return null;
    sum += floorAtZero && cents < 0n ? 0n : cents;
  }
  return sum;
}

/**
 * Month-end spend from daily amounts (units of 1e-18): the month to date plus, for each day left,
 * the seasonal model's expected cost, with the 95 % bounds summed over those days (a cautious
 * range, as the days' errors share the trend). While the model is still learning (under two weeks
 * of spend), the run rate of lib/attribution/forecast.ts; `method` says which.
 * Days left start today, or the day after `billedThrough` (the last day the bills reach) when the
 * bills lag: a day no bill has reached yet is forecast, never counted as spending nothing.
 */
export function projectMonth(
  costByDay: ReadonlyMap<string, bigint>,
  today: string,
  billedThrough: string | null = null,
): MonthForecast {
  const monthStart = `${today.slice(0, 7)}-01`;
  const lagged = billedThrough !== null && addDays(billedThrough, 1) < today;
  const from = lagged ? maxDay(monthStart, addDays(billedThrough, 1)) : today;
  const runRate = forecastMonth(new Map(costByDay), from);
  const left = daysBetween(from, monthEndOf(today)).length;
  const forecast = dailyForecast(costByDay, from, left, 0.95);
  if (forecast.state !== "ready") return { ...runRate, model: "run-rate" };
  const expected = sumCents(forecast.expected, left, false);
  const lower = sumCents(forecast.lower, left, forecast.ratio);
  const upper = sumCents(forecast.upper, left, false);
  if (expected === null || lower === null || upper === null) return { ...runRate, model: "run-rate" };
  const toDate = daysBetween(monthStart, from).reduce((sum, day) => sum + (costByDay.get(day) ?? 0n), 0n);
  const at = (cents: bigint) => fromScaled(toDate + cents * CENT_UNITS);
  const counted = lagged ? `from ${from}, the first day the bills do not reach yet` : "today included";
  return {
    month: today.slice(0, 7),
    monthToDate: fromScaled(toDate),
    projected: at(expected),
    lower: at(lower),
    upper: at(upper),
    model: "seasonal",
    method: `month to date plus the seasonal model's expected spend (${centsText(expected)}) for each of the ${left} days left, ${counted}; 95% range ${centsText(lower)} to ${centsText(upper)} for those days`,
  };
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
