import type pg from "pg";
import { jsonbSafe, pgText } from "../copy-text";
import type { MinuteRow } from "./minute-rows";

// The SQL of storing merged minute rows: the series they belong to (created once, by hash), then
// the rows, merged into a minute that already has points the way minute-rows.ts merges them.

const UPSERT_SERIES = `
  INSERT INTO metric_series (hash, metric, unit, kind, temporality, monotonic, resource_id, service_name,
                             resource_attributes, attributes, bounds)
  SELECT h, m, u, k, t, mono, r, s, ra::jsonb, a::jsonb, translate(b, '[]', '{}')::float8[]
  FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::text[],
              $9::text[], $10::text[], $11::text[]) AS x(h, m, u, k, t, mono, r, s, ra, a, b)
  ON CONFLICT (hash) DO NOTHING`;

// last_seen: when a process last looked the series up (at most hourly a write); retention deletes
// a series with no points left and not looked up since its cutoff.
const TOUCH_SERIES = `
  UPDATE metric_series SET last_seen = now()
  WHERE id = ANY($1::bigint[]) AND last_seen < now() - interval '1 hour'`;

const later = "EXCLUDED.last_ns >= metric_point.last_ns";
const earlier = "EXCLUDED.first_ns < metric_point.first_ns";
const cumulativeDistribution = `(SELECT s.kind NOT IN ('gauge', 'sum') AND s.temporality IS DISTINCT FROM 'delta'
   FROM metric_series s WHERE s.id = metric_point.series_id)`;

const INSERT_POINTS = `
  INSERT INTO metric_point (series_id, minute, start_ns, points, count, sum, min, max, first_ns, first_value,
                            first_sum, last_ns, last_value, last_sum, buckets)
  SELECT id, to_timestamp(mi / 1000.0), st, n, c, su, mn, mx, fn, fv, fs, ln, lv, ls, translate(b, '[]', '{}')::float8[]
  FROM unnest($1::bigint[], $2::float8[], $3::bigint[], $4::int[], $5::float8[], $6::float8[], $7::float8[],
              $8::float8[], $9::bigint[], $10::float8[], $11::float8[], $12::bigint[], $13::float8[], $14::float8[],
              $15::text[]) AS x(id, mi, st, n, c, su, mn, mx, fn, fv, fs, ln, lv, ls, b)
  ON CONFLICT (series_id, minute, start_ns) DO UPDATE SET
    points = metric_point.points + EXCLUDED.points,
    count = metric_point.count + EXCLUDED.count,
    sum = metric_point.sum + EXCLUDED.sum,
    min = LEAST(metric_point.min, EXCLUDED.min),
    max = GREATEST(metric_point.max, EXCLUDED.max),
    first_ns = LEAST(metric_point.first_ns, EXCLUDED.first_ns),
    first_value = CASE WHEN ${earlier} THEN EXCLUDED.first_value ELSE metric_point.first_value END,
    first_sum = CASE WHEN ${earlier} THEN EXCLUDED.first_sum ELSE metric_point.first_sum END,
    last_ns = GREATEST(metric_point.last_ns, EXCLUDED.last_ns),
    last_value = CASE WHEN ${later} THEN EXCLUDED.last_value ELSE metric_point.last_value END,
    last_sum = CASE WHEN ${later} THEN EXCLUDED.last_sum ELSE metric_point.last_sum END,
    buckets = CASE
      WHEN metric_point.buckets IS NULL OR EXCLUDED.buckets IS NULL THEN COALESCE(EXCLUDED.buckets, metric_point.buckets)
      WHEN ${cumulativeDistribution} THEN CASE WHEN ${later} THEN EXCLUDED.buckets ELSE metric_point.buckets END
      ELSE (SELECT array_agg(COALESCE(a, 0) + COALESCE(b, 0) ORDER BY i)
            FROM unnest(metric_point.buckets, EXCLUDED.buckets) WITH ORDINALITY AS u(a, b, i))
    END`;

const json = (value: unknown) => jsonbSafe(JSON.stringify(value));

// Series ids by hash, known to this process: a request of known series skips the series upsert.
// A series is deleted only once it has no points (retention); a cached id then fails the foreign
// key, and ingestMetrics forgets the cache and tries again.
const known = new Map<string, string>();
const MAX_KNOWN = 200_000;

export function forgetSeriesIds(): void {
  known.clear();
}

/** The series of `rows`, created when new; their ids by hash (hex). */
async function seriesIds(client: pg.PoolClient, rows: MinuteRow[]): Promise<Map<string, string>> {
  const unique = [...new Map(rows.map((row) => [row.hash.toString("hex"), row])).values()];
  const missing = unique.filter((row) => !known.has(row.hash.toString("hex")));
  if (missing.length === 0) return known;
  const column = <T>(pick: (row: MinuteRow) => T) => missing.map(pick);
  await client.query(UPSERT_SERIES, [
    column((r) => r.hash),
    column((r) => pgText(r.series.metric)),
    column((r) => pgText(r.series.unit)),
    column((r) => r.series.kind),
    column((r) => r.series.temporality),
    column((r) => r.series.monotonic),
    column((r) => pgText(r.series.resourceId)),
    column((r) => pgText(r.series.serviceName)),
    column((r) => json(r.series.resourceAttributes)),
    column((r) => json(r.series.attributes)),
    column((r) => (r.series.bounds ? JSON.stringify(r.series.bounds) : null)),
  ]);
  const { rows: found } = await client.query<{ id: string; hash: Buffer }>(
    "SELECT id, hash FROM metric_series WHERE hash = ANY($1::bytea[])",
    [column((r) => r.hash)],
  );
  await client.query(TOUCH_SERIES, [found.map((row) => row.id)]);
  if (known.size + found.length > MAX_KNOWN) known.clear();
  for (const row of found) known.set(row.hash.toString("hex"), row.id);
  return known;
}

/** Stores `rows` (sorted, so concurrent requests lock rows in the same order) in one transaction. */
export async function storeMetricRows(client: pg.PoolClient, rows: MinuteRow[]): Promise<void> {
  const ids = await seriesIds(client, rows);
  const column = <T>(pick: (row: MinuteRow) => T) => rows.map(pick);
  await client.query(INSERT_POINTS, [
    column((r) => ids.get(r.hash.toString("hex"))),
    column((r) => r.minute),
    column((r) => r.startNs.toString()),
    column((r) => r.points),
    column((r) => r.count),
    column((r) => r.sum),
    column((r) => r.min),
    column((r) => r.max),
    column((r) => r.firstNs.toString()),
    column((r) => r.firstValue),
    column((r) => r.firstSum),
    column((r) => r.lastNs.toString()),
    column((r) => r.lastValue),
    column((r) => r.lastSum),
    column((r) => (r.buckets ? JSON.stringify(r.buckets) : null)),
  ]);
}
