// Worst movers: the slices whose lead time, change failure rate or median time to restore got worse
// against the window before. Ranked by relative change, so a slower lead time and a higher failure
// rate compare; the raw figures before and after are kept for the page to show.
import type { DoraMetrics } from "@/lib/delivery/dora-metrics";

export type MoverMetric = "leadTime" | "changeFailureRate" | "timeToRestore";

export interface DoraMover {
  key: string;
  metric: MoverMetric;
  before: number;
  after: number;
  /** (after − before) / before; a failure rate rising from 0 counts as +100 % per 10 points. */
  relativeChange: number;
}

const READ: Record<MoverMetric, (m: DoraMetrics) => number | null> = {
  leadTime: (m) => m.leadTimeForChanges.medianMinutes,
  changeFailureRate: (m) => m.changeFailureRate.ratio,
  timeToRestore: (m) => m.timeToRestore.medianMinutes,
};

function relative(metric: MoverMetric, before: number, after: number): number {
  if (before > 0) return (after - before) / before;
  // From zero no ratio exists: a rate counts its points (10 points = +100 %), a time any rise as +100 %.
  return metric === "changeFailureRate" ? after * 10 : 1;
}

export function worstMovers(
  rows: readonly { key: string; current: DoraMetrics; previous: DoraMetrics }[],
  limit = 8,
): DoraMover[] {
  const movers: DoraMover[] = [];
  for (const row of rows) {
    for (const metric of Object.keys(READ) as MoverMetric[]) {
      const before = READ[metric](row.previous);
      const after = READ[metric](row.current);
      if (before === null || after === null || after <= before) continue;
      movers.push({ key: row.key, metric, before, after, relativeChange: relative(metric, before, after) });
    }
  }
  return movers
    .sort(
      (a, b) => b.relativeChange - a.relativeChange || a.key.localeCompare(b.key) || a.metric.localeCompare(b.metric),
    )
    .slice(0, limit);
}
