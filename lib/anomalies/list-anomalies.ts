import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import {
  ACTIVE_STATUSES,
  type AnomalyChange,
  type AnomalyStatus,
  encodeStart,
  ListAnomaliesInput,
  type SeriesName,
} from "./schemas";

// Anomalies newest first, filtered by status ("active": still someone's to act on), service,
// series and a window the episode overlaps; keyset-paged on (start, id).

export interface AnomalyRow {
  id: string;
  service: string;
  series: SeriesName;
  scope: string;
  environment: string;
  started_at: Date;
  peak_at: Date;
  ended_at: Date | null;
  direction: "up" | "down";
  severity: "critical" | "warning";
  peak_score: number;
  observed: number;
  expected: number;
  status: AnomalyStatus;
  assignee: string | null;
  changes: AnomalyChange[];
  incident_id: string | null;
  detected_at: Date;
}

export const ANOMALY_COLUMNS = `a.id, a.service, a.series, a.scope, a.environment, a.started_at, a.peak_at, a.ended_at,
  a.direction, a.severity, a.peak_score, a.observed, a.expected, a.status, a.assignee, a.changes, a.incident_id::text,
  a.detected_at`;

export function toAnomalyView(row: AnomalyRow) {
  return {
    id: row.id,
    service: row.service,
    series: row.series,
    scope: row.scope,
    environment: row.environment,
    start: row.started_at.toISOString(),
    peak: row.peak_at.toISOString(),
    end: row.ended_at?.toISOString() ?? null,
    direction: row.direction,
    severity: row.severity,
    score: Math.round(row.peak_score * 10) / 10,
    observed: row.observed,
    expected: row.expected,
    status: row.status,
    assignee: row.assignee,
    changes: row.changes,
    incidentId: row.incident_id,
    detectedAt: row.detected_at.toISOString(),
  };
}
export type AnomalyView = ReturnType<typeof toAnomalyView>;

export async function listAnomalies(
  ctx: Ctx,
  input: ListAnomaliesInput = {},
): Promise<{ items: AnomalyView[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const query = parseInput(ListAnomaliesInput, input);
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (query.status === "active") add((n) => `a.status = ANY (${n}::text[])`, ACTIVE_STATUSES);
  else if (query.status !== "all") add((n) => `a.status = ${n}`, query.status);
  if (query.service) add((n) => `a.service = ${n}`, query.service);
  if (query.series) add((n) => `a.series = ${n}`, query.series);
  if (query.from) add((n) => `(a.ended_at IS NULL OR a.ended_at > ${n}::timestamptz)`, query.from);
  if (query.to) add((n) => `a.started_at < ${n}::timestamptz`, query.to);
  if (query.cursor) {
    values.push(query.cursor.start, query.cursor.id);
    where.push(`(a.started_at, a.id) < ($${values.length - 1}, $${values.length}::uuid)`);
  }
  values.push(query.limit + 1);
  const { rows } = await pool().query<AnomalyRow>(
    `SELECT ${ANOMALY_COLUMNS} FROM anomaly a ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY a.started_at DESC, a.id DESC LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toAnomalyView),
    nextCursor: rows.length > query.limit && last ? encodeStart(last.started_at, last.id) : null,
  };
}
