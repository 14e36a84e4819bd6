import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { readRolledUntil } from "../traces/rollup-spans";
import { isUuid } from "../validation";
import { ANOMALY_COLUMNS, type AnomalyRow, toAnomalyView } from "./list-anomalies";
import { FIVE_MINUTES, HOUR_MS, readRedSeries } from "./read-red-series";
import { readSensitivities, type SensitivityLevel } from "./sensitivities";
import { detectSeries, type TrafficSeries } from "./series-settings";

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

/** The series from a day before the episode to six hours after it (or now), with its band. */
async function bandAround(
  row: AnomalyRow & { step_ms: number },
  level: SensitivityLevel,
  now: Date,
): Promise<BandPoint[]> {
  if (row.series === "cost" || (row.step_ms !== FIVE_MINUTES && row.step_ms !== HOUR_MS)) return [];
  const stepMs = row.step_ms;
  // No further than the rollups completed: a slot still being rolled up would read as a drop.
  const rolled = (await readRolledUntil())?.getTime() ?? now.getTime();
  const to = Math.min(now.getTime(), rolled, (row.ended_at ?? now).getTime() + 6 * HOUR_MS);
  const [red] = await readRedSeries(pool(), {
    from: new Date(to - HISTORY_MS),
    to: new Date(to),
    stepMs,
    service: row.service,
  }).then((all) => all.filter((item) => item.environment === row.environment));
  if (!red) return [];
  const name = row.series as TrafficSeries;
  const { baseline } = detectSeries(red[name], name, level === "off" ? "medium" : level);
  const from = row.started_at.getTime() - DAY_MS;
  const points: BandPoint[] = [];
  for (let i = 0; i < red[name].values.length; i++) {
    const t = red[name].startMs + i * stepMs;
    if (t < from) continue;
    points.push({
      t: new Date(t).toISOString(),
      value: finite(red[name].values[i]),
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
  const sensitivity =
    row.series === "cost" ? "medium" : (await readSensitivities(pool()))(row.service, row.series as TrafficSeries);
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
