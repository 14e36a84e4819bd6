import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { readRolledUntil } from "../traces/rollup-spans";
import { isUuid } from "../validation";
import { ANOMALY_COLUMNS, type AnomalyRow, toAnomalyView } from "./list-anomalies";
import { FIVE_MINUTES, HOUR_MS, readRedSeries } from "./read-red-series";
import { readSensitivities, type SensitivityLevel } from "./sensitivities";
import { readCostCoveredUntil, readCostSeries } from "./read-cost-series";
import { COST_HISTORY_MS } from "./scan-costs";
import { readMetricSeries } from "./read-metric-series";
import { detectMetric, detectSeries, type TrafficSeries } from "./series-settings";
import type { RegularSeries } from "./series";

// One anomaly for its page: the series around the episode with the band the scan judged it by,
// the triage history, and the same service's earlier episodes of the same series.

const DAY_MS = 86_400_000;
const HISTORY_MS = 14 * DAY_MS;

export interface BandPoint {
  t: string;
  value: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
}

const finite = (value: number) => (Number.isFinite(value) ? value : null);

/** A traffic series from a day before the episode to six hours after it (or now). */
async function trafficAround(row: AnomalyRow & { step_ms: number }, now: Date): Promise<RegularSeries | null> {
  const stepMs = row.step_ms;
  if (stepMs !== FIVE_MINUTES && stepMs !== HOUR_MS) return null;
  // No further than the rollups completed: a slot still being rolled up would read as a drop.
  const rolled = (await readRolledUntil())?.getTime() ?? now.getTime();
  const to = Math.min(now.getTime(), rolled, (row.ended_at ?? now).getTime() + 6 * HOUR_MS);
  const operations = row.scope ? [{ service: row.service, environment: row.environment, operation: row.scope }] : [];
  const reds = await readRedSeries(pool(), {
    from: new Date(to - HISTORY_MS),
    to: new Date(to),
    stepMs,
    service: row.service,
    operations,
  });
  const red = reds.find((item) => item.environment === row.environment && item.scope === row.scope);
  return red ? red[row.series as TrafficSeries] : null;
}

/** A daily cost series from four weeks before the episode to a week after it (or the last bill). */
async function costAround(row: AnomalyRow, now: Date): Promise<RegularSeries | null> {
  const billed = (await readCostCoveredUntil(pool())).until ?? now.getTime();
  const to = Math.min(billed, (row.ended_at ?? now).getTime() + 7 * DAY_MS);
  const costs = await readCostSeries(pool(), { from: new Date(to - COST_HISTORY_MS), to: new Date(to) });
  const found = costs.find(
    (item) => item.service === row.service && item.scope === row.scope && item.environment === row.environment,
  );
  return found?.series ?? null;
}

/** A watched metric from a day before the episode to six hours after it (or now). */
async function metricAround(row: AnomalyRow & { step_ms: number }, now: Date) {
  const to = Math.min(now.getTime(), (row.ended_at ?? now).getTime() + 6 * HOUR_MS);
  const from = new Date(to - HISTORY_MS);
  const all = await readMetricSeries(pool(), { from, to: new Date(to), stepMs: row.step_ms, metrics: [row.scope] });
  return all.find((item) => item.service === row.service && item.environment === row.environment) ?? null;
}

/** The series around the episode and the verdict on it, judged as the scan judges. */
async function judged(row: AnomalyRow & { step_ms: number }, level: Exclude<SensitivityLevel, "off">, now: Date) {
  if (row.series === "metric") {
    const metric = await metricAround(row, now);
    return metric && { series: metric.series, ...detectMetric(metric.series, metric.counted, level) };
  }
  const series = row.series === "cost" ? await costAround(row, now) : await trafficAround(row, now);
  return series && { series, ...detectSeries(series, row.series, level) };
}

/** The series around the episode with the band the scan judged it by. */
async function bandAround(
  row: AnomalyRow & { step_ms: number },
  level: SensitivityLevel,
  now: Date,
): Promise<BandPoint[]> {
  const found = await judged(row, level === "off" ? "medium" : level, now);
  if (!found) return [];
  const { series, baseline } = found;
  // From a day (four weeks of cost) before the episode, but not before the series' first value.
  const first = series.values.findIndex((v) => !Number.isNaN(v));
  const from = Math.max(
    row.started_at.getTime() - (row.series === "cost" ? 28 : 1) * DAY_MS,
    series.startMs + Math.max(0, first) * series.stepMs,
  );
  const points: BandPoint[] = [];
  for (let i = 0; i < series.values.length; i++) {
    const t = series.startMs + i * series.stepMs;
    if (t < from) continue;
    points.push({
      t: new Date(t).toISOString(),
      value: finite(series.values[i]),
      expected: finite(baseline.expected[i]),
      lower: finite(baseline.lower[i]),
      upper: finite(baseline.upper[i]),
    });
  }
  return points;
}

export async function getAnomaly(ctx: Ctx, id: string, now = new Date()) {
  authorize(ctx, "read");
  const row = isUuid(id)
    ? (
        await pool().query<AnomalyRow & { step_ms: number }>(
          `SELECT ${ANOMALY_COLUMNS}, a.step_ms FROM anomaly a WHERE a.id = $1`,
          [id],
        )
      ).rows[0]
    : undefined;
  if (!row) throw new VigilError("not_found", "No such anomaly");
  const sensitivity = (await readSensitivities(pool()))(row.service, row.series);
  const [notes, similar, band] = await Promise.all([
    pool().query<{
      id: string;
      at: Date;
      actor: string;
      status_from: string | null;
      status_to: string | null;
      assignee: string | null;
      comment: string | null;
      trace_id: string | null;
    }>(
      `SELECT id::text, at, actor, status_from, status_to, assignee, comment, trace_id FROM anomaly_note
        WHERE anomaly_id = $1 ORDER BY at, id LIMIT 500`,
      [id],
    ),
    pool().query<AnomalyRow>(
      `SELECT ${ANOMALY_COLUMNS} FROM anomaly a WHERE a.service = $1 AND a.series = $2 AND a.id <> $3
         AND a.started_at < $4 ORDER BY a.started_at DESC LIMIT 5`,
      [row.service, row.series, id, row.started_at],
    ),
    bandAround(row, sensitivity, now),
  ]);
  return {
    ...toAnomalyView(row),
    stepMs: row.step_ms,
    /** The level the service's series is scanned at now. */
    sensitivity,
    band,
    notes: notes.rows.map((note) => ({
      id: note.id,
      at: note.at.toISOString(),
      actor: note.actor,
      statusFrom: note.status_from,
      statusTo: note.status_to,
      assignee: note.assignee,
      comment: note.comment,
      traceId: note.trace_id,
    })),
    similar: similar.rows.map(toAnomalyView),
  };
}
export type AnomalyDetail = Awaited<ReturnType<typeof getAnomaly>>;
