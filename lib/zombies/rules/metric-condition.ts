import type { DailyStat, ResourceFacts, MetricSeries } from "@/lib/zombies/evidence";
import type { Comparison, EvidenceItem } from "@/lib/zombies/rules/finding";
import type { MetricCondition } from "@/lib/zombies/thresholds";
import { dailyValues, dayWindow, present, type DayWindow } from "@/lib/zombies/rules/window";

export interface ConditionResult {
  matched: boolean;
  /** The statistic over the window, or as a percent of the attribute with percentAttr. */
  compared: number;
  evidence: EvidenceItem;
  daysWithData: number;
  window: DayWindow;
}

const PICK: Record<MetricCondition["statistic"], (s: DailyStat) => number> = {
  Average: (s) => s.avg,
  Maximum: (s) => s.max,
  Sum: (s) => s.sum,
  SampleCount: (s) => s.count,
};

export function compare(op: Comparison, left: number, right: number): boolean {
  if (op === "lt") return left < right;
  if (op === "lte") return left <= right;
  if (op === "gt") return left > right;
  return left >= right;
}

/** The statistic over the whole window from daily aggregates; an Average weights each day by its count. */
function overWindow(statistic: MetricCondition["statistic"], stats: DailyStat[]): number {
  if (statistic === "Maximum") return Math.max(...stats.map((s) => s.max));
  if (statistic === "Sum") return stats.reduce((a, s) => a + s.sum, 0);
  if (statistic === "SampleCount") return stats.reduce((a, s) => a + s.count, 0);
  const count = stats.reduce((a, s) => a + s.count, 0);
  if (count > 0) return stats.reduce((a, s) => a + s.avg * s.count, 0) / count;
  return stats.reduce((a, s) => a + s.avg, 0) / stats.length;
}

/**
 * Cloud Custodian's `metrics` filter over daily aggregates: with its default period (the whole
 * window) CloudWatch returns one datapoint, the statistic over the window, and that is what is
 * compared. No data is no match unless `missingValue` says what to assume. Returns null when the
 * condition cannot be decided (no data, or percentAttr names a fact the resource lacks).
 */
export function evaluateMetricCondition(
  metrics: MetricSeries,
  facts: ResourceFacts,
  condition: MetricCondition,
  now: Date,
  notes: string[],
): ConditionResult | null {
  const window = dayWindow(condition.days, now);
  const days = dailyValues(metrics, condition.metric, window, PICK[condition.statistic], notes);
  const series = metrics[condition.metric] ?? {};
  const stats = days.filter((d) => d.value !== null).map((d) => series[d.day]);
  let observed: number;
  if (stats.length > 0) observed = overWindow(condition.statistic, stats);
  else if (condition.missingValue !== undefined) observed = condition.missingValue;
  else return null;
  let compared = observed;
  if (condition.percentAttr) {
    const base = facts[condition.percentAttr];
    if (typeof base !== "number" || !Number.isFinite(base) || base <= 0) {
      notes.push(`${condition.percentAttr} is not a positive number, so no percent of it can be taken`);
      return null;
    }
    compared = (observed / base) * 100;
  }
  const evidence: EvidenceItem = {
    name: `${condition.metric}:${condition.statistic}`,
    value: compared,
    unit: condition.percentAttr ? `% of ${condition.percentAttr}` : undefined,
    op: condition.op,
    threshold: condition.value,
    window: { from: window.from, to: window.to },
    days,
  };
  const matched = compare(condition.op, compared, condition.value);
  return { matched, compared, evidence, daysWithData: present(days), window };
}
