import { pool } from "@/lib/db";
import type { Counts, Slice } from "./budget";
import { thresholdBucket } from "./latency-good";
import type { SloDefinition } from "./schemas";

// An SLO's good and total events over each window ending at `until`, from the trace rollups. Short
// windows sum minutes; a long one sums the whole hours inside it from the hourly rollups and the
// minutes of its partial hours at each end, so every window is exact to the minute. (The hourly
// rows are rebuilt with their minutes, in the same transaction: the two never disagree.)

const HOUR = 3_600_000;
const SHORT_MS = 6 * HOUR;

export interface SliWindow {
  key: string;
  from: Date;
}

export interface WindowCounts extends Counts {
  /** Latency: events whose side of the threshold is estimated (the good count is within ± this). */
  uncertain: number;
}

const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;
const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;

/** Numbered query parameters, added as the SQL is written. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/** Per-row good, total and uncertain events of the SLO's SLI, and the rows of its service it reads. */
export function measures(slo: SloDefinition, p: Params) {
  const { sli } = slo;
  const selector = `service = ${p.add(slo.service)} AND (${p.add(slo.operation)}::text IS NULL OR operation = $${p.values.length})
    AND (${p.add(slo.environment)}::text IS NULL OR environment = $${p.values.length})`;
  if (sli.type === "availability") {
    const bad = sli.errorWhen === "http-5xx" ? "server_errors" : "errors";
    return { selector, good: `(requests - ${bad})::float8`, total: "requests::float8", uncertain: "0::float8" };
  }
  const t = thresholdBucket(sli.thresholdMs);
  const [bucket, share] = [p.add(t.bucket), p.add(t.share)];
  const histogram = "unnest(buckets, counts) AS u(b, c)";
  return {
    selector,
    good: `(SELECT COALESCE(sum(CASE WHEN b < ${bucket}::int THEN c WHEN b = ${bucket}::int THEN c * ${share}::float8 ELSE 0 END), 0) FROM ${histogram})::float8`,
    total: "requests::float8",
    uncertain: t.exact
      ? "0::float8"
      : `(SELECT COALESCE(sum(c) FILTER (WHERE b = ${bucket}::int), 0) FROM ${histogram})::float8`,
  };
}

/** Good, total and uncertain events of each window [from, until). */
export async function readWindowCounts(
  slo: SloDefinition,
  windows: readonly SliWindow[],
  until: Date,
): Promise<Record<string, WindowCounts>> {
  const p = new Params();
  const m = measures(slo, p);
  const end = until.getTime();
  const untilParam = p.add(until);
  const minuteTerms: string[] = [];
  const columns: string[] = [];
  let firstHour = Number.POSITIVE_INFINITY;
  for (const w of windows) {
    const start = w.from.getTime();
    let minute: string;
    let hour = "false";
    if (end - start <= SHORT_MS || ceilHour(start) >= floorHour(end)) minute = `at >= ${p.add(w.from)}`;
    else {
      minute = `(at >= ${p.add(w.from)} AND at < ${p.add(new Date(ceilHour(start)))}) OR at >= ${p.add(new Date(floorHour(end)))}`;
      hour = `at >= ${p.add(new Date(ceilHour(start)))}`;
      firstHour = Math.min(firstHour, ceilHour(start));
    }
    minuteTerms.push(`(${minute})`);
    const when = `(NOT hourly AND (${minute})) OR (hourly AND ${hour})`;
    columns.push(
      `sum(good) FILTER (WHERE ${when}), sum(total) FILTER (WHERE ${when}), sum(uncertain) FILTER (WHERE ${when})`,
    );
  }
  const hourly = Number.isFinite(firstHour)
    ? `UNION ALL SELECT hour, true, ${m.good}, ${m.total}, ${m.uncertain} FROM span_hour
        WHERE ${m.selector} AND hour >= ${p.add(new Date(firstHour))} AND hour < ${p.add(new Date(floorHour(end)))}`
    : "";
  const sql = `SELECT ${columns.join(", ")} FROM (
      SELECT * FROM (SELECT minute AS at, false AS hourly, ${m.good} AS good, ${m.total} AS total, ${m.uncertain} AS uncertain
        FROM span_minute WHERE ${m.selector} AND minute < ${untilParam}) minutes WHERE ${minuteTerms.join(" OR ")}
      ${hourly}) rows`;
  const { rows } = await pool().query<(number | null)[]>({ text: sql, values: p.values, rowMode: "array" });
  const row = rows[0];
  return Object.fromEntries(
    windows.map((w, k) => [
      w.key,
      { good: row[3 * k] ?? 0, total: row[3 * k + 1] ?? 0, uncertain: row[3 * k + 2] ?? 0 },
    ]),
  );
}

/** The period [from, until) cut into slices of `sliceMinutes` (Timeslices, RatioTimeslices), oldest first. */
export async function readSlices(slo: SloDefinition, from: Date, until: Date, sliceMinutes: number): Promise<Slice[]> {
  const p = new Params();
  const m = measures(slo, p);
  const start = p.add(from);
  const { rows } = await pool().query<{ good: number; total: number }>(
    `SELECT floor(extract(epoch FROM minute - ${start}::timestamptz) / ${p.add(sliceMinutes * 60)}) AS slice,
            sum(${m.good}) AS good, sum(${m.total}) AS total
       FROM span_minute WHERE ${m.selector} AND minute >= ${start} AND minute < ${p.add(until)}
      GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return rows.map((r) => ({ good: Number(r.good), total: Number(r.total) }));
}
