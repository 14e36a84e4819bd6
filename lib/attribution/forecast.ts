import { fromScaled } from "@/lib/decimal";
import { addDays, daysBetween } from "../time";
import type { MonthForecast } from "./schemas";

/**
 * Month-end spend from daily amounts (units of 1e-18): what the month has cost so far plus the
 * average of the last 7 full days for each day left, today included (a run-rate forecast; it does
 * not know about planned changes).
 */
export function forecastMonth(costByDay: Map<string, bigint>, today: string): MonthForecast {
  const monthStart = `${today.slice(0, 7)}-01`;
  const next = new Date(`${monthStart}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const monthEnd = next.toISOString().slice(0, 10);
  const runRate =
    daysBetween(addDays(today, -7), today).reduce((sum, day) => sum + (costByDay.get(day) ?? 0n), 0n) / 7n;
  const toDate = daysBetween(monthStart, today).reduce((sum, day) => sum + (costByDay.get(day) ?? 0n), 0n);
  const left = BigInt(daysBetween(today, monthEnd).length);
  return {
    month: today.slice(0, 7),
    monthToDate: fromScaled(toDate),
    projected: fromScaled(toDate + runRate * left),
    method: `month to date plus the average of the last 7 full days (${fromScaled(runRate).replace(/(\.\d{2})\d+$/, "$1")} a day) for each of the ${left} days left, today included`,
  };
}
