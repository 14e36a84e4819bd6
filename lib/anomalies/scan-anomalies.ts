import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { autoRunFor } from "../runbooks/auto-run";
import { withSpan } from "../telemetry";
import { readRolledUntil } from "../traces/rollup-spans";
import { sendAnomalyNotices } from "./anomaly-notices";
import type { Episode } from "./episodes";
import { explainAnomaly } from "./explain-anomaly";
import { FIVE_MINUTES, HOUR_MS, readRedSeries, type RedSeries, topOperations } from "./read-red-series";
import { readSensitivities, type SensitivityLevel } from "./sensitivities";
import { detectSeries, type TrafficSeries } from "./series-settings";
import { scanMetrics } from "./scan-metrics";
import type { SeriesKey } from "./store-anomalies";
import { closeUnscanned, type ScanTally, storeDetection } from "./store-detection";
import { type CostScanSummary, scanCosts } from "./scan-costs";

// The worker's scan: every service's (and busiest operations') rate, error rate and p95 over the last two weeks, scored
// against its seasonal baseline; episodes in the last day are stored (new, grown or ended).
// A series is scanned whole each time so the baseline a person sees is the one that decided.

const DAY_MS = 86_400_000;
const HISTORY_MS = 14 * DAY_MS;
/** Five-minute series need this much per-minute history; until then (a demo, a new install) hours. */
const FINE_HISTORY_MS = 3 * DAY_MS;
/** Episodes that started or ended this far back are still written (late spans, a first scan). */
export const LOOKBACK_MS = 24 * 3_600_000;

export interface ScanSummary {
  scannedTo: string | null;
  series: number;
  learning: number;
  inserted: string[];
  updated: string[];
  closed: string[];
  /** Anomalies whose "what changed" was worked out by this scan. */
  explained: number;
  /** Series or anomalies this scan could not handle, with why; the rest went on. */
  failures: { what: string; error: string }[];
  noticeFailures?: { id: string; error: string }[];
  autoRuns?: { id: string; state: string }[];
  /** The daily cost scan, when the allocation changed since the last one. */
  costs?: CostScanSummary | null;
}

/** The service-level episodes found so far, per service, environment and series. */
type Covered = Map<string, [number, number][]>;

/**
 * An operation's episode that overlaps its service's own episode of the same series is that one
 * seen closer: one incident stays one anomaly (the service's), never one per operation as well.
 */
function uncovered(red: RedSeries, name: string, episodes: Episode[], covered: Covered): Episode[] {
  const key = `${red.service}\u0000${red.environment}\u0000${name}`;
  const span = (episode: Episode): [number, number] => [episode.start, episode.end ?? Infinity];
  if (red.scope === "") {
    covered.set(key, episodes.map(span));
    return episodes;
  }
  const service = covered.get(key) ?? [];
  return episodes.filter((episode) => {
    const [start, end] = span(episode);
    return !service.some(([from, to]) => start < to && from < end);
  });
}

function scanOne(
  tally: ScanTally,
  red: RedSeries,
  name: TrafficSeries,
  level: Exclude<SensitivityLevel, "off">,
  window: { lookbackStart: number; scannedTo: number; stepMs: number; covered: Covered },
) {
  const { baseline, episodes } = detectSeries(red[name], name, level);
  const detection = { baseline, episodes: uncovered(red, name, episodes, window.covered) };
  const key: SeriesKey = { service: red.service, series: name, scope: red.scope, environment: red.environment };
  return storeDetection(tally, key, red[name], detection, window);
}

/** Five minutes once the per-minute rollups reach back far enough to learn from, else an hour. */
export async function stepOf(until: number): Promise<typeof FIVE_MINUTES | typeof HOUR_MS> {
  const { rows } = await pool().query<{ first: Date | null }>("SELECT min(minute) AS first FROM span_minute");
  const first = rows[0].first?.getTime() ?? until;
  return until - first >= FINE_HISTORY_MS ? FIVE_MINUTES : HOUR_MS;
}

/**
 * Scans every series of the two weeks before `scannedTo` (a whole step) and writes the episodes of
 * its last day. The scheduled scan (scanAnomalies) picks the window; tests and backfills name it.
 */
export async function scanWindow(
  ctx: Ctx,
  window: { scannedTo: number; stepMs: typeof FIVE_MINUTES | typeof HOUR_MS },
): Promise<ScanSummary> {
  authorize(ctx, "anomalies:triage");
  const { scannedTo, stepMs } = window;
  const summary: ScanSummary = {
    scannedTo: null,
    series: 0,
    learning: 0,
    inserted: [],
    updated: [],
    closed: [],
    explained: 0,
    failures: [],
  };
  const range = { from: new Date(scannedTo - HISTORY_MS), to: new Date(scannedTo) };
  const [reds, levels] = await Promise.all([
    topOperations(pool(), range).then((operations) => readRedSeries(pool(), { ...range, stepMs, operations })),
    readSensitivities(pool()),
  ]);
  const lookback = { lookbackStart: scannedTo - LOOKBACK_MS, scannedTo, stepMs, covered: new Map() };
  const scanned: SeriesKey[] = [];
  for (const red of reds) {
    for (const name of ["requests", "errors", "latency"] as const) {
      const level = levels(red.service, name);
      if (level === "off") continue;
      scanned.push({ service: red.service, series: name, scope: red.scope, environment: red.environment });
      // One series that can not be stored (bad data, a conflict) never stops the others.
      try {
        await scanOne(summary, red, name, level, lookback);
      } catch (err) {
        const what = [red.service, red.environment, name, red.scope].filter(Boolean).join("/");
        summary.failures.push({ what, error: messageOf(err) });
      }
    }
  }
  // Watched OTLP metrics, in the same window and slots.
  const metrics = await scanMetrics({ ...lookback, stepMs, from: range.from.getTime() }, levels);
  for (const field of ["inserted", "updated", "closed"] as const) summary[field].push(...metrics[field]);
  summary.series += metrics.series;
  summary.learning += metrics.learning;
  summary.failures.push(...metrics.failures);
  scanned.push(...metrics.scanned);
  summary.closed.push(
    ...(await closeUnscanned(scanned, { since: scannedTo - HISTORY_MS, until: scannedTo, costs: false })),
  );
  summary.explained = await explainPending(summary.failures);
  return { ...summary, scannedTo: new Date(scannedTo).toISOString() };
}

/**
 * "What changed" for anomalies never explained first, then again for open ones every quarter hour
 * (a deployment or drift may be recorded after the episode began). After the whole scan, so the
 * origin signal sees every service's episodes. One that fails is tried again in a quarter hour.
 */
async function explainPending(failures: ScanSummary["failures"]): Promise<number> {
  const { rows } = await pool().query<{ id: string; step_ms: number }>(
    `SELECT id, step_ms FROM anomaly WHERE changes_at IS NULL OR (ended_at IS NULL AND changes_at < now() - interval '15 minutes')
      ORDER BY changes_at NULLS FIRST, started_at DESC LIMIT 100`,
  );
  for (const row of rows) {
    try {
      await explainAnomaly(pool(), row.id, row.step_ms);
    } catch (err) {
      failures.push({ what: `what changed for anomaly ${row.id}`, error: messageOf(err) });
      await pool().query("UPDATE anomaly SET changes_at = now() WHERE id = $1", [row.id]);
    }
  }
  return rows.length;
}

async function readScanDetail(): Promise<{ costComputedAt?: string | null }> {
  const { rows } = await pool().query<{ detail: { costComputedAt?: string | null } }>(
    "SELECT detail FROM anomaly_scan_state WHERE id = 1",
  );
  return rows[0]?.detail ?? {};
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function unnotified(): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM anomaly WHERE (ended_at IS NULL AND notified IS NULL) OR (ended_at IS NOT NULL AND notified = 'firing')
      ORDER BY started_at DESC LIMIT 500`,
  );
  return rows.map((row) => row.id);
}

/** The worker's scan: up to what the rollups have completed, remembered for /api/health and the page. */
export async function scanAnomalies(ctx: Ctx, now = new Date()): Promise<ScanSummary> {
  authorize(ctx, "anomalies:triage");
  return withSpan("scanAnomalies", {}, async (span) => {
    // Before the rollup job's first run (a demo just loaded its own rollups), up to now: slots no
    // service was heard from are read as gaps, never as silence.
    const rolled = await readRolledUntil();
    const until = Math.min(now.getTime(), rolled?.getTime() ?? now.getTime());
    const stepMs = await stepOf(until);
    const scannedTo = Math.floor(until / stepMs) * stepMs;
    // Cost first, so this scan's "what changed" covers its new episodes too.
    const { costComputedAt = null } = await readScanDetail();
    // A cost scan that fails never stops the traffic scan; the unchanged stamp retries it next time.
    let costFailed: ScanSummary["failures"] = [];
    const costScan = await scanCosts(costComputedAt).catch((err: unknown) => {
      costFailed = [{ what: "daily cost scan", error: messageOf(err) }];
      return null;
    });
    const summary = await scanWindow(ctx, { scannedTo, stepMs });
    summary.failures.unshift(...costFailed, ...(costScan?.failures ?? []));
    summary.inserted.push(...(costScan?.inserted ?? []));
    // A cost series that failed is scanned again next time, even on the same allocation.
    const costSeen = costScan && costScan.failures.length === 0 ? costScan.computedAt : costComputedAt;
    const detail = { series: summary.series, learning: summary.learning, stepMs, costComputedAt: costSeen };
    await pool().query(
      `INSERT INTO anomaly_scan_state (id, scanned_until, detail) VALUES (1, $1, $2::jsonb)
       ON CONFLICT (id) DO UPDATE SET scanned_until = excluded.scanned_until, detail = excluded.detail`,
      [new Date(scannedTo), JSON.stringify(detail)],
    );
    span.setAttribute("vigil.series", summary.series);
    // Runbooks an admin allowed to run by themselves, for new episodes outside production only.
    const autoRuns = await autoRunFor(summary.inserted).catch((err: unknown) => {
      summary.failures.push({ what: "auto-run", error: messageOf(err) });
      return [];
    });
    // Every anomaly whose channels have not heard its state yet, this scan's or one a failed run left.
    const noticeFailures = await sendAnomalyNotices(ctx, await unnotified());
    return {
      ...summary,
      costs: costScan,
      noticeFailures,
      autoRuns: autoRuns.map((run) => ({ id: run.id, state: run.state })),
    };
  });
}
