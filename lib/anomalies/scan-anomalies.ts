import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import { readRolledUntil } from "../traces/rollup-spans";
import { detectAnomalies } from "./detect-anomalies";
import { FIVE_MINUTES, HOUR_MS, readRedSeries, type RedSeries } from "./read-red-series";
import type { SeriesName } from "./schemas";
import { readSensitivities, type SensitivityLevel } from "./sensitivities";
import type { BaselineOptions } from "./seasonal-baseline";
import type { RegularSeries } from "./series";
import { type SeriesKey, storeEpisodes } from "./store-anomalies";
import type { VolumeGuard } from "./volume-guard";

// The worker's scan: every service's rate, error rate and p95 over the last two weeks, scored
// against its seasonal baseline; episodes in the last day are stored (new, grown or ended).
// A series is scanned whole each time so the baseline a person sees is the one that decided.

const DAY_MS = 86_400_000;
const HISTORY_MS = 14 * DAY_MS;
/** Five-minute series need this much per-minute history; until then (a demo, a new install) hours. */
const FINE_HISTORY_MS = 3 * DAY_MS;
/** Episodes that started or ended this far back are still written (late spans, a first scan). */
export const LOOKBACK_MS = 24 * 3_600_000;

const GUARDS: Record<Exclude<SeriesName, "cost">, VolumeGuard> = {
  requests: { kind: "request-rate" },
  errors: { kind: "error-rate" },
  latency: { kind: "latency" },
};

// Real traffic wanders more than counting noise: a tenth either way in an hour's rate or p95 is
// an ordinary hour, and half a point of error rate is not worth a person's attention.
const FLOORS: Record<Exclude<SeriesName, "cost">, BaselineOptions> = {
  requests: { relativeFloor: 0.08 },
  errors: { absoluteFloor: 0.005 },
  latency: { relativeFloor: 0.08 },
};

export interface ScanSummary {
  scannedTo: string | null;
  series: number;
  learning: number;
  inserted: string[];
  updated: string[];
  closed: string[];
}

/** The value the episode peaked at and what the baseline expected there. */
function peakValues(series: RegularSeries, expected: Float64Array, index: number) {
  return { observed: series.values[index], expected: expected[index] };
}

async function scanOne(
  red: RedSeries,
  name: Exclude<SeriesName, "cost">,
  level: Exclude<SensitivityLevel, "off">,
  window: { lookbackStart: number; scannedTo: number },
) {
  const series = red[name];
  const { baseline, episodes } = detectAnomalies(series, {
    sensitivity: level,
    guard: GUARDS[name],
    baseline: FLOORS[name],
  });
  const found = episodes
    .filter((episode) => (episode.end ?? Infinity) > window.lookbackStart)
    .map((episode) => {
      const peak = Math.round((episode.peakAt - series.startMs) / series.stepMs);
      return { episode, values: peakValues(series, baseline.expected, peak) };
    });
  const learning = baseline.state.every((state) => state !== 0);
  const key: SeriesKey = { service: red.service, series: name, scope: "", environment: red.environment };
  const written = await sqlTransaction((client) => storeEpisodes(client, key, found, window));
  return { learning, written };
}

/** Five minutes once the per-minute rollups reach back far enough to learn from, else an hour. */
async function stepOf(until: number): Promise<typeof FIVE_MINUTES | typeof HOUR_MS> {
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
  const summary: ScanSummary = { scannedTo: null, series: 0, learning: 0, inserted: [], updated: [], closed: [] };
  const [reds, levels] = await Promise.all([
    readRedSeries(pool(), { from: new Date(scannedTo - HISTORY_MS), to: new Date(scannedTo), stepMs }),
    readSensitivities(pool()),
  ]);
  const lookback = { lookbackStart: scannedTo - LOOKBACK_MS, scannedTo };
  for (const red of reds) {
    for (const name of ["requests", "errors", "latency"] as const) {
      const level = levels(red.service, name);
      if (level === "off") continue;
      const { learning, written } = await scanOne(red, name, level, lookback);
      summary.series += 1;
      summary.learning += Number(learning);
      summary.inserted.push(...written.inserted);
      summary.updated.push(...written.updated);
      summary.closed.push(...written.closed);
    }
  }
  return { ...summary, scannedTo: new Date(scannedTo).toISOString() };
}

/** The worker's scan: up to what the rollups have completed, remembered for /api/health and the page. */
export async function scanAnomalies(ctx: Ctx, now = new Date()): Promise<ScanSummary> {
  authorize(ctx, "anomalies:triage");
  return withSpan("scanAnomalies", {}, async (span) => {
    const rolled = await readRolledUntil();
    if (!rolled) return { scannedTo: null, series: 0, learning: 0, inserted: [], updated: [], closed: [] };
    const until = Math.min(now.getTime(), rolled.getTime());
    const stepMs = await stepOf(until);
    const scannedTo = Math.floor(until / stepMs) * stepMs;
    const summary = await scanWindow(ctx, { scannedTo, stepMs });
    await pool().query(
      `INSERT INTO anomaly_scan_state (id, scanned_until, detail) VALUES (1, $1, $2::jsonb)
       ON CONFLICT (id) DO UPDATE SET scanned_until = excluded.scanned_until, detail = excluded.detail`,
      [new Date(scannedTo), JSON.stringify({ series: summary.series, learning: summary.learning, stepMs })],
    );
    span.setAttribute("vigil.series", summary.series);
    return summary;
  });
}
