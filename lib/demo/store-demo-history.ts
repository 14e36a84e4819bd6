import { pool } from "../db";
import { buildDays } from "../traces/rollup-minutes";
import type { DemoHistory, HistoryRow } from "./demo-history";

// Writes the demo month's hourly rollups (and their days). A repeated load replaces the rows it wrote before and
// leaves every other row alone.

const ROWS_SQL = `unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::bigint[])
  AS u(at, a, b, n, e, buckets, counts, duration_ns)`;

const SQL = {
  services: `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
    SELECT at, a, b, 'prod', n, e, buckets::smallint[], counts::bigint[] FROM ${ROWS_SQL}
    ON CONFLICT (service, hour, operation, environment) DO UPDATE SET requests = EXCLUDED.requests,
      errors = EXCLUDED.errors, buckets = EXCLUDED.buckets, counts = EXCLUDED.counts`,
  edges: `INSERT INTO service_edge_hour (hour, caller, callee, calls, errors, buckets, counts)
    SELECT at, a, b, n, e, buckets::smallint[], counts::bigint[] FROM ${ROWS_SQL}
    ON CONFLICT (caller, callee, hour) DO UPDATE SET calls = EXCLUDED.calls,
      errors = EXCLUDED.errors, buckets = EXCLUDED.buckets, counts = EXCLUDED.counts`,
  // Hourly rows in the per-minute table: its readers sum whole days.
  usage: `INSERT INTO feature_usage_minute (minute, service, feature, environment, requests, duration_ns)
    SELECT at, a, b, 'prod', n, duration_ns FROM ${ROWS_SQL}
    ON CONFLICT (service, minute, feature, environment) DO UPDATE SET requests = EXCLUDED.requests,
      duration_ns = EXCLUDED.duration_ns`,
};

const BATCH = 5_000;

function columns(rows: HistoryRow[]): unknown[] {
  const split = rows.map((row) => row.key.split("|"));
  return [
    rows.map((row) => new Date(row.hour)),
    split.map(([a]) => a),
    split.map(([, b]) => b),
    rows.map((row) => row.count),
    rows.map((row) => row.errors),
    rows.map((row) => `{${row.buckets.join(",")}}`),
    rows.map((row) => `{${row.counts.join(",")}}`),
    rows.map((row) => row.durationNs.toString()),
  ];
}

/** Stores the history's rows; returns how many. */
export async function storeDemoHistory(history: DemoHistory): Promise<number> {
  let stored = 0;
  for (const table of ["services", "edges", "usage"] as const) {
    const rows = history[table];
    for (let i = 0; i < rows.length; i += BATCH) {
      const result = await pool().query(SQL[table], columns(rows.slice(i, i + BATCH)));
      stored += result.rowCount ?? 0;
    }
  }
  // The days those hours fall in, summed as the rollup job sums them (SLO windows read whole days).
  const hours = history.services.map((row) => row.hour);
  if (hours.length) {
    const [first, last] = hours.reduce(([lo, hi], h) => [Math.min(lo, h), Math.max(hi, h)], [hours[0], hours[0]]);
    await buildDays(pool(), [{ from: first, to: last + 3_600_000 }]);
  }
  return stored;
}
