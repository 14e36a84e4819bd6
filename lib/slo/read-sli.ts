import { pool } from "@/lib/db";
import type { Counts, Slice } from "./budget";
import { thresholdBucket } from "./latency-good";
import type { SloDefinition } from "./schemas";

// What an SLO's SLI reads from the rollup rows: good, total and uncertain events of a row, and the
// slices of a Timeslices period. (Window counts come from read-cycle.ts.)

export interface SliWindow {
  key: string;
  from: Date;
}

export interface WindowCounts extends Counts {
  /** Latency: events whose side of the threshold is estimated (the good count is within ± this). */
  uncertain: number;
}

/** Numbered query parameters, added as the SQL is written. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/**
 * Per-row good, total and uncertain events of the SLO's SLI, and the rows of its service it reads:
 * of its rollup table (tableOf), span_* or, scoped to a feature, feature_usage_minute.
 */
export function measures(slo: SloDefinition, p: Params) {
  const { sli } = slo;
  const [column, value] = slo.feature === null ? ["operation", slo.operation] : ["feature", slo.feature];
  const scope = p.add(value);
  const selector = `service = ${p.add(slo.service)} AND (${scope}::text IS NULL OR ${column} = ${scope})
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

/** The per-minute rollup an SLO reads: a feature's entry requests are kept apart from operations'. */
export function minuteTableOf(slo: SloDefinition): string {
  return slo.feature === null ? "span_minute" : "feature_usage_minute";
}

/** The period [from, until) cut into slices of `sliceMinutes` (Timeslices, RatioTimeslices), oldest first. */
export async function readSlices(slo: SloDefinition, from: Date, until: Date, sliceMinutes: number): Promise<Slice[]> {
  const p = new Params();
  const m = measures(slo, p);
  const start = p.add(from);
  const { rows } = await pool().query<{ good: number; total: number }>(
    `SELECT floor(extract(epoch FROM minute - ${start}::timestamptz) / ${p.add(sliceMinutes * 60)}) AS slice,
            sum(${m.good}) AS good, sum(${m.total}) AS total
       FROM ${minuteTableOf(slo)} WHERE ${m.selector} AND minute >= ${start} AND minute < ${p.add(until)}
      GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return rows.map((r) => ({ good: Number(r.good), total: Number(r.total) }));
}
