import type pg from "pg";
import { bucketLowerMs, bucketUpperMs } from "../traces/histogram";
import type { RegularSeries } from "./series";

// A service's (and its busiest operations') rate, error rate and p95 latency per five minutes from
// the per-minute rollups, or per hour from the hourly ones. Never a mix: hours spread over five-minute slots would hide the
// noise the baseline must learn. p95 is found in SQL, so no histogram leaves the database.

export const FIVE_MINUTES = 5 * 60_000;
export const HOUR_MS = 3_600_000;

export interface RedSeries {
  service: string;
  /** The operation (entry span name), or "" for the whole service. */
  scope: string;
  environment: string;
  requests: RegularSeries;
  errors: RegularSeries;
  latency: RegularSeries;
}

type Table = "span_minute" | "span_hour";

/**
 * The rollup rows of the window with `op` set for the operations asked for ($4..$6: service,
 * environment, operation); both grouping sets below then give each service and each such operation.
 */
const ROWS = (table: Table, time: string, slot: string) => `
  chosen AS (SELECT * FROM unnest($4::text[], $5::text[], $6::text[]) AS c (service, environment, operation)),
  r AS (
    SELECT r.*, ${slot} AS t, c.operation AS op
      FROM ${table} r LEFT JOIN chosen c USING (service, environment, operation)
     WHERE ${time} >= $1 AND ${time} < $2 AND ($3::text IS NULL OR r.service = $3))`;

/** Groups per service, and per chosen operation; the rest of the operations fold into a dropped group. */
const SCOPES = (
  extra: string,
) => `GROUPING SETS ((service, environment, t${extra}), (service, environment, op, t${extra}))
  HAVING GROUPING(op) = 1 OR op IS NOT NULL`;
const SCOPE = "CASE WHEN GROUPING(op) = 1 THEN '' ELSE op END";

const P95 = (table: Table, time: string, slot: string) => `
  WITH ${ROWS(table, time, slot)},
  b AS (
    SELECT service, environment, ${SCOPE} AS scope, t, u.b, sum(u.c)::float8 AS n
      FROM r, unnest(buckets, counts) AS u (b, c)
     GROUP BY ${SCOPES(", u.b")}),
  c AS (
    SELECT service, environment, scope, t, b, n, sum(n) OVER w AS cum,
           sum(n) OVER (PARTITION BY service, environment, scope, t) AS total
      FROM b WINDOW w AS (PARTITION BY service, environment, scope, t ORDER BY b))
  SELECT DISTINCT ON (service, environment, scope, t) service, environment, scope,
         (extract(epoch FROM t) * 1000)::float8 AS t, b, cum - n AS below, n, total
    FROM c WHERE cum >= 0.95 * total ORDER BY service, environment, scope, t, b`;

const TOTALS = (table: Table, time: string, slot: string) => `
  WITH ${ROWS(table, time, slot)}
  SELECT service, environment, ${SCOPE} AS scope, (extract(epoch FROM t) * 1000)::float8 AS t,
         sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
         CASE WHEN count(samples) = count(*) THEN sum(samples)::float8 END AS samples
    FROM r GROUP BY ${SCOPES("")}`;

const SOURCES = {
  [FIVE_MINUTES]: ["span_minute", "minute", "date_bin('5 minutes', minute, TIMESTAMPTZ 'epoch')"],
  [HOUR_MS]: ["span_hour", "hour", "hour"],
} as const;

interface TotalRow {
  service: string;
  environment: string;
  scope: string;
  t: number;
  requests: number;
  errors: number;
  /** Entry spans kept; null where some row did not count them. */
  samples: number | null;
}
interface P95Row {
  service: string;
  environment: string;
  scope: string;
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

function seriesFor(
  map: Map<string, RedSeries>,
  row: { service: string; environment: string; scope: string },
  slots: Slots,
) {
  const key = `${row.service}\u0000${row.environment}\u0000${row.scope}`;
  let found = map.get(key);
  if (!found) {
    found = {
      service: row.service,
      scope: row.scope,
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

export interface OperationKey {
  service: string;
  environment: string;
  operation: string;
}

/** Operations with their own series: at most this many per service, each at least this share of it. */
export const TOP_OPERATIONS = 5;
export const MIN_OPERATION_SHARE = 0.05;

/**
 * The operations of each service worth a series of their own in [from, to): its busiest five with
 * at least 5 % of its requests, none for a service with one operation (its series is the service's).
 */
export async function topOperations(
  client: Pick<pg.ClientBase, "query">,
  window: { from: Date; to: Date },
): Promise<OperationKey[]> {
  const { rows } = await client.query<OperationKey>(
    `SELECT service, environment, operation FROM (
       SELECT service, environment, operation, sum(requests) AS n,
              sum(sum(requests)) OVER s AS total, count(*) OVER s AS operations,
              row_number() OVER (PARTITION BY service, environment ORDER BY sum(requests) DESC, operation) AS rank
         FROM span_hour WHERE hour >= $1 AND hour < $2 GROUP BY 1, 2, 3
       WINDOW s AS (PARTITION BY service, environment)) o
      WHERE operations > 1 AND rank <= $3 AND n >= $4 * total
      ORDER BY service, environment, rank`,
    [window.from, window.to, TOP_OPERATIONS, MIN_OPERATION_SHARE],
  );
  return rows;
}

/**
 * Every service and environment with traffic in [from, to), and each operation asked for, one slot
 * per step (five minutes or an hour): NaN before a series' first request, in slots nothing at all
 * was heard from, and for error rate and latency where there were no requests.
 * `to` must not pass what the rollups have completed, or its slots read as silence.
 */
export async function readRedSeries(
  client: Pick<pg.ClientBase, "query">,
  window: {
    from: Date;
    to: Date;
    stepMs: typeof FIVE_MINUTES | typeof HOUR_MS;
    service?: string;
    operations?: readonly OperationKey[];
  },
): Promise<RedSeries[]> {
  const { stepMs } = window;
  const from = Math.floor(window.from.getTime() / stepMs) * stepMs;
  const slots = { from, length: Math.max(0, Math.ceil((window.to.getTime() - from) / stepMs)), stepMs };
  const [table, time, slot] = SOURCES[stepMs];
  const operations = window.operations ?? [];
  const range = [new Date(from), window.to, window.service ?? null];
  const scoped = [
    ...range,
    operations.map((key) => key.service),
    operations.map((key) => key.environment),
    operations.map((key) => key.operation),
  ];
  const [totals, p95, heardRows] = await Promise.all([
    client.query<TotalRow>(TOTALS(table, time, slot), scoped),
    client.query<P95Row>(P95(table, time, slot), scoped),
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
    (a, b) =>
      a.service.localeCompare(b.service) ||
      a.environment.localeCompare(b.environment) ||
      a.scope.localeCompare(b.scope),
  );
}
