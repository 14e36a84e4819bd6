import { pool } from "../db";
import { type CostSeries, readCostCoveredUntil, readCostSeries } from "./read-cost-series";
import { readSensitivities } from "./sensitivities";
import { detectSeries } from "./series-settings";
import type { SeriesKey } from "./store-anomalies";
import { closeUnscanned, emptyTally, type ScanTally, storeDetection } from "./store-detection";

// The daily cost of every service, and of every feature in it, against its own seasonal baseline
// (day of week, 8 weeks). Bills arrive days late, a month at a time, and are restated, so the
// episodes of the last five weeks are rewritten; only rises are kept: spend that fell is good news
// or a bill not here yet.

const DAY_MS = 86_400_000;
export const COST_HISTORY_MS = 63 * DAY_MS;
export const COST_LOOKBACK_MS = 35 * DAY_MS;

export interface CostScanSummary extends ScanTally {
  /** The day after the last allocated day (the scan's end), or null before any bill. */
  scannedTo: string | null;
  /** max(computed_at) of the allocation scanned: an unchanged allocation is not scanned again. */
  computedAt: string | null;
  failures: { what: string; error: string }[];
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The worker's cost scan: every cost series up to the last allocated day, unless the allocation is
 * the one the previous scan saw (`lastComputedAt`).
 */
export async function scanCosts(lastComputedAt: string | null): Promise<CostScanSummary | null> {
  const { until, computedAt } = await readCostCoveredUntil(pool());
  if (until === null || computedAt === lastComputedAt) return null;
  return scanCostWindow(until, computedAt);
}

/** Scans the 9 weeks before `until` (a UTC midnight); a series that fails is recorded and the rest go on. */
export async function scanCostWindow(until: number, computedAt: string | null = null): Promise<CostScanSummary> {
  const summary: CostScanSummary = {
    scannedTo: new Date(until).toISOString(),
    computedAt,
    ...emptyTally(),
    failures: [],
  };
  const [costs, levels] = await Promise.all([
    readCostSeries(pool(), { from: new Date(until - COST_HISTORY_MS), to: new Date(until) }),
    readSensitivities(pool()),
  ]);
  const window = { lookbackStart: until - COST_LOOKBACK_MS, scannedTo: until, stepMs: DAY_MS };
  const scanned: SeriesKey[] = [];
  for (const cost of withoutCopies(costs)) {
    const level = levels(cost.service, "cost");
    if (level === "off") continue;
    const key: SeriesKey = { service: cost.service, series: "cost", scope: cost.scope, environment: cost.environment };
    scanned.push(key);
    try {
      // Only rises: spend that fell is good news, or a bill not here yet.
      const { baseline, episodes } = detectSeries(cost.series, "cost", level);
      const rises = { baseline, episodes: episodes.filter((episode) => episode.direction === "up") };
      await storeDetection(summary, key, cost.series, rises, window);
    } catch (err) {
      summary.failures.push({ what: `${cost.service}/${cost.environment}/cost/${cost.scope}`, error: messageOf(err) });
    }
  }
  summary.closed.push(...(await closeUnscanned(scanned, { since: until - COST_HISTORY_MS, until, costs: true })));
  return summary;
}

const sameValues = (a: Float64Array, b: Float64Array) =>
  a.length === b.length &&
  a.every((v, i) => v === b[i] || (Number.isNaN(v) && Number.isNaN(b[i])) || Math.abs(v - b[i]) < 1e-9);

/** A feature that is all its service's spend is one series, not two anomalies of the same rise. */
function withoutCopies(costs: CostSeries[]): CostSeries[] {
  const totals = new Map(
    costs.filter((cost) => cost.scope === "").map((cost) => [`${cost.service}\u0000${cost.environment}`, cost.series]),
  );
  return costs.filter((cost) => {
    const total = totals.get(`${cost.service}\u0000${cost.environment}`);
    return cost.scope === "" || !total || !sameValues(total.values, cost.series.values);
  });
}
