import { addDecimal } from "@/lib/decimal";
import { completeDays, daysBetween, utcDay } from "@/lib/time";
import type { DailyActivity, DailyCost, DailyStat, MetricSeries } from "@/lib/zombies/evidence";
import type { Confidence, TimeRange } from "@/lib/zombies/rules/finding";

/** "The last N days" as everywhere in Vigil: N complete UTC days ending yesterday. */
export interface DayWindow extends TimeRange {
  days: string[];
}

export function dayWindow(count: number, now: Date): DayWindow {
  const range = completeDays(count, utcDay(now));
  return { ...range, days: daysBetween(range.from, range.to) };
}

export type DayValue = { day: string; value: number | null };

/**
 * One statistic per day of the window; a day with no data, or whose value is not a finite number
 * (NaN, Infinity from a broken exporter), is null and said so in `notes`.
 */
export function dailyValues(
  metrics: MetricSeries,
  metric: string,
  window: DayWindow,
  pick: (stat: DailyStat) => number,
  notes: string[],
): DayValue[] {
  const series = metrics[metric] ?? {};
  return window.days.map((day) => {
    const stat = Object.hasOwn(series, day) ? series[day] : undefined;
    if (!stat) return { day, value: null };
    const value = pick(stat);
    if (typeof value === "number" && Number.isFinite(value)) return { day, value };
    notes.push(`${metric} on ${day} ignored: ${String(value)} is not a finite number`);
    return { day, value: null };
  });
}

export const present = (values: DayValue[]) => values.filter((d) => d.value !== null).length;

/** high with data on every day, medium with at least half, low below that. */
export function coverageConfidence(withData: number, total: number): { confidence: Confidence; reason: string } {
  if (withData >= total) return { confidence: "high", reason: `data on all ${total} days` };
  const confidence = withData * 2 >= total ? "medium" : "low";
  return { confidence, reason: `data on ${withData} of ${total} days` };
}

/** Counts per day of the window, or null when Vigil was not receiving the source for all of it. */
export function activityIn(activity: DailyActivity | undefined, window: DayWindow): DayValue[] | null {
  if (!activity?.since || activity.since > window.from) return null;
  return window.days.map((day) => {
    const count = Object.hasOwn(activity.byDay, day) ? activity.byDay[day] : 0;
    return { day, value: Number.isFinite(count) ? count : null };
  });
}

export const total = (values: DayValue[]) => values.reduce((sum, d) => sum + (d.value ?? 0), 0);

/** Effective cost per currency over the window, and on how many days anything was billed. */
export function costIn(
  costs: DailyCost,
  window: TimeRange,
): { byCurrency: Record<string, string>; billedDays: number } {
  const byCurrency: Record<string, string> = {};
  let billedDays = 0;
  for (const [day, amounts] of Object.entries(costs)) {
    if (day < window.from || day >= window.to) continue;
    let billed = false;
    for (const [currency, amount] of Object.entries(amounts)) {
      byCurrency[currency] = addDecimal(byCurrency[currency] ?? "0", amount);
      if (!/^-?0*(\.0*)?$/.test(amount)) billed = true;
    }
    if (billed) billedDays += 1;
  }
  return { byCurrency, billedDays };
}

/** Whole days between two instants, or null when either is not a valid time. */
export function ageDays(since: string | undefined, now: Date): number | null {
  if (!since || !/^\d{4}-\d{2}-\d{2}/.test(since)) return null;
  const start = Date.parse(since);
  if (!Number.isFinite(start) || !Number.isFinite(now.getTime())) return null;
  return (now.getTime() - start) / 86_400_000;
}
