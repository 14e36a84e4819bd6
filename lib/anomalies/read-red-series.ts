import type pg from "pg";
import { bucketLowerMs, bucketUpperMs } from "../traces/histogram";
import type { RegularSeries } from "./series";

// A service's rate, error rate and p95 latency per five minutes from the per-minute rollups, or
// per hour from the hourly ones. Never a mix: hours spread over five-minute slots would hide the
// noise the baseline must learn. p95 is found in SQL, so no histogram leaves the database.

export const FIVE_MINUTES = 5 * 60_000;
export const HOUR_MS = 3_600_000;

export interface RedSeries {
  service: string;
  environment: string;
  requests: RegularSeries;
  errors: RegularSeries;
  latency: RegularSeries;
}

const P95 = (table: "span_minute" | "span_hour", time: string, slot: string) => `
  WITH b AS (
    SELECT service, environment, ${slot} AS t, u.b, sum(u.c)::float8 AS n
      FROM ${table}, unnest(buckets, counts) AS u (b, c)
     WHERE ${time} >= $1 AND ${time} < $2 AND ($3::text IS NULL OR service = $3) GROUP BY 1, 2, 3, 4),
  c AS (
    SELECT service, environment, t, b, n, sum(n) OVER w AS cum, sum(n) OVER (PARTITION BY service, environment, t) AS total
      FROM b WINDOW w AS (PARTITION BY service, environment, t ORDER BY b))
  SELECT DISTINCT ON (service, environment, t) service, environment, (extract(epoch FROM t) * 1000)::float8 AS t,
         b, cum - n AS below, n, total
    FROM c WHERE cum >= 0.95 * total ORDER BY service, environment, t, b`;

const TOTALS = (table: "span_minute" | "span_hour", time: string, slot: string) => `
  SELECT service, environment, (extract(epoch FROM ${slot}) * 1000)::float8 AS t,
         sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
         CASE WHEN count(samples) = count(*) THEN sum(samples)::float8 END AS samples
    FROM ${table} WHERE ${time} >= $1 AND ${time} < $2 AND ($3::text IS NULL OR service = $3) GROUP BY 1, 2, 3`;

const SOURCES = {
  [FIVE_MINUTES]: ["span_minute", "minute", "date_bin('5 minutes', minute, TIMESTAMPTZ 'epoch')"],
  [HOUR_MS]: ["span_hour", "hour", "hour"],
} as const;

interface TotalRow {
  service: string;
  environment: string;
  t: number;
  requests: number;
  errors: number;
  /** Entry spans kept; null where some row did not count them. */
  samples: number | null;
}
interface P95Row {
  service: string;
  environment: string;
  t: number;
  b: number;
  below: number;
  n: number;
  total: number;
}

/** The 0.95 quantile inside its bucket, interpolated as lib/traces/histogram.ts quantileMs does. */
function p95Of(row: P95Row): number {
  const lower = bucketLowerMs(row.b);
  const upper = bucketUpperMs(row.b);
  return lower + ((upper - lower) * (0.95 * row.total - row.below)) / row.n;
}

type Slots = { from: number; length: number; stepMs: number };

function emptySeries(slots: Slots, withVolume: boolean): RegularSeries {
  const values = new Float64Array(slots.length).fill(NaN);
  const volume = withVolume ? { volume: new Float64Array(slots.length) } : {};
  return {
    startMs: slots.from,
    stepMs: slots.stepMs,
    values,
    weight: new Float64Array(slots.length).fill(1),
    ...volume,
  };
}

function seriesFor(map: Map<string, RedSeries>, row: { service: string; environment: string }, slots: Slots) {
  const key = `${row.service}\u0000${row.environment}`;
  let found = map.get(key);
  if (!found) {
    found = {
      service: row.service,
      environment: row.environment,
      requests: emptySeries(slots, false),
      errors: emptySeries(slots, true),
      latency: emptySeries(slots, true),
    };
    map.set(key, found);
  }
  return found;
}

function fill(map: Map<string, RedSeries>, slots: Slots, rows: { totals: TotalRow[]; p95: P95Row[] }) {
  const index = (row: TotalRow | P95Row) => {
    const i = Math.round((row.t - slots.from) / slots.stepMs);
    return i >= 0 && i < slots.length ? i : -1;
  };
  for (const row of rows.totals) {
    const s = seriesFor(map, row, slots);
    const i = index(row);
    if (i < 0) continue;
    s.requests.values[i] = row.requests;
    s.errors.values[i] = row.requests > 0 ? row.errors / row.requests : NaN;
    s.errors.volume![i] = row.requests;
    s.latency.volume![i] = row.requests;
    const weight = row.samples && row.samples > 0 ? row.requests / row.samples : 1;
    for (const series of [s.requests, s.errors, s.latency]) series.weight![i] = weight;
  }
  for (const row of rows.p95) {
    const i = index(row);
    if (i >= 0) seriesFor(map, row, slots).latency.values[i] = p95Of(row);
  }
}

/**
 * Every service and environment with traffic in [from, to), one slot per step (five minutes or an
 * hour): NaN before a series' first request, in slots nothing at all was heard from, and for error
 * rate and latency where there were no requests.
 * `to` must not pass what the rollups have completed, or its slots read as silence.
 */
export async function readRedSeries(
  client: Pick<pg.ClientBase, "query">,
  window: { from: Date; to: Date; stepMs: typeof FIVE_MINUTES | typeof HOUR_MS; service?: string },
): Promise<RedSeries[]> {
  const { stepMs } = window;
  const from = Math.floor(window.from.getTime() / stepMs) * stepMs;
  const slots = { from, length: Math.max(0, Math.ceil((window.to.getTime() - from) / stepMs)), stepMs };
  const [table, time, slot] = SOURCES[stepMs];
  const range = [new Date(from), window.to, window.service ?? null];
  const [totals, p95, heardRows] = await Promise.all([
    client.query<TotalRow>(TOTALS(table, time, slot), range),
    client.query<P95Row>(P95(table, time, slot), range),
    // Every service's slots, even when one service is read: silence is judged platform-wide.
    client.query<{ t: number }>(
      `SELECT DISTINCT (extract(epoch FROM ${slot}) * 1000)::float8 AS t FROM ${table} WHERE ${time} >= $1 AND ${time} < $2`,
      range.slice(0, 2),
    ),
  ]);
  const map = new Map<string, RedSeries>();
  fill(map, slots, { totals: totals.rows, p95: p95.rows });
  // The rollups write no row for a quiet slot: after a series' first request, silence is zero;
  // but a slot with no spans from any service is a gap in collection, not every service going quiet.
  const heard = new Uint8Array(slots.length);
  for (const row of heardRows.rows) {
    const i = Math.round((row.t - slots.from) / stepMs);
    if (i >= 0 && i < slots.length) heard[i] = 1;
  }
  for (const s of map.values()) {
    const start = s.requests.values.findIndex((v) => !Number.isNaN(v));
    for (let i = Math.max(0, start); start >= 0 && i < slots.length; i++)
      if (Number.isNaN(s.requests.values[i]) && heard[i]) s.requests.values[i] = 0;
  }
  return [...map.values()].sort(
    (a, b) => a.service.localeCompare(b.service) || a.environment.localeCompare(b.environment),
  );
}
