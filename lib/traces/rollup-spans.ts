import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { withSpan } from "../telemetry";
import { BUCKET_SQL } from "./histogram";

/** Spans may arrive this late and still be counted: every run redoes these minutes. */
export const LATE_ARRIVAL_MINUTES = 15;
const MAX_WINDOW_MS = 24 * 3_600_000;

export interface RollupResult {
  from: string;
  to: string;
  minutes: number;
  serviceRows: number;
  edgeRows: number;
}

// A parent starts before its child (give or take clock skew) and rarely more than an hour
// earlier: bounding the lookup lets PostgreSQL probe one or two daily partitions, not all.
const PARENT_TIME_SQL = "AND p.start_time BETWEEN c.start_time - interval '1 hour' AND c.start_time + interval '1 minute'";

/** Sums a per-minute rollup table into its hourly twin for the hours [$1, $2), merging histograms. */
function hourlySql(minuteTable: string, hourTable: string, keys: string[], countColumn: string): string {
  const k = keys.join(", ");
  return `
    INSERT INTO ${hourTable} (hour, ${k}, ${countColumn}, errors, buckets, counts)
    SELECT t.hour, ${keys.map((key) => `t.${key}`).join(", ")}, t.total, t.errs, h.buckets, h.counts
    FROM (
      SELECT date_trunc('hour', minute) AS hour, ${k}, sum(${countColumn}) AS total, sum(errors) AS errs
      FROM ${minuteTable} WHERE minute >= $1 AND minute < $2 GROUP BY 1, ${k}
    ) t
    JOIN (
      SELECT hour, ${k}, array_agg(b ORDER BY b) AS buckets, array_agg(n ORDER BY b) AS counts FROM (
        SELECT date_trunc('hour', minute) AS hour, ${k}, b, sum(c)::int AS n
        FROM ${minuteTable}, unnest(buckets, counts) AS u(b, c) WHERE minute >= $1 AND minute < $2 GROUP BY 1, ${k}, b
      ) x GROUP BY hour, ${k}
    ) h USING (hour, ${k})`;
}

const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/**
 * How many spans a stored span stands for. OpenTelemetry probability sampling writes the rejection
 * threshold in the W3C tracestate (`ot=th:<up to 14 hex digits>`, tracestate-probability-sampling):
 * a span kept with threshold T represents 2^56 / (2^56 - T) spans. Unsampled-marked spans count 1.
 */
export const ADJUSTED_COUNT_SQL = (traceState: string) => `
  COALESCE((
    SELECT round(72057594037927936::numeric / (72057594037927936::numeric - ('x' || lpad(rpad(m[1], 14, '0'), 16, '0'))::bit(64)::bigint))::int
    FROM regexp_match(${traceState}, '(?:^|,)\s*ot=(?:[^,]*;)?th:([0-9a-f]{1,14})(?:;|,|$)') AS m
  ), 1)`;

/**
 * Rebuilds the per-minute service RED and edge rollups for [from, to), in one transaction so a
 * reader never sees a half-built minute. Entry spans are roots, or spans whose parent is in
 * another service (or was not received), as SigNoz counts them; an edge is a parent→child call
 * that crosses services.
 */
export async function rollupSpans(ctx: Ctx, window?: { from: Date; to: Date }): Promise<RollupResult> {
  authorize(ctx, "ingest:traces");
  return withSpan("rollupSpans", {}, async () => {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      // One rollup at a time across workers.
      await client.query("SELECT pg_advisory_xact_lock(7112004)");
      let from: number;
      let to: number;
      if (window) {
        from = floorMinute(window.from.getTime());
        to = floorMinute(window.to.getTime() + 59_999);
      } else {
        const { rows } = await client.query<{ rolled_until: Date }>("SELECT rolled_until FROM span_rollup_state WHERE id = 1");
        to = floorMinute(Date.now()) + 60_000;
        const resume = rows[0] ? rows[0].rolled_until.getTime() - LATE_ARRIVAL_MINUTES * 60_000 : to - LATE_ARRIVAL_MINUTES * 60_000;
        from = Math.max(floorMinute(resume), to - MAX_WINDOW_MS);
      }
      const range = [new Date(from), new Date(to)];
      await client.query("DELETE FROM span_minute WHERE minute >= $1 AND minute < $2", range);
      await client.query("DELETE FROM service_edge_minute WHERE minute >= $1 AND minute < $2", range);
      await client.query("DELETE FROM feature_usage_minute WHERE minute >= $1 AND minute < $2", range);
      const services = await client.query(
        `WITH spans AS (
           SELECT c.start_time, c.service, c.name, COALESCE(c.environment, '') AS environment, c.status_code, c.duration_ns,
                  c.parent_span_id, p.service AS parent_service, COALESCE(c.feature, '') AS feature,
                  CASE WHEN c.trace_state IS NULL THEN 1 ELSE ${ADJUSTED_COUNT_SQL("c.trace_state")} END AS weight
           FROM span c
           LEFT JOIN LATERAL (
             SELECT service FROM span p
             WHERE p.trace_id = c.trace_id AND p.span_id = c.parent_span_id ${PARENT_TIME_SQL}
             LIMIT 1
           ) p ON c.parent_span_id IS NOT NULL
           WHERE c.start_time >= $1 AND c.start_time < $2
         ),
         entries AS (
           SELECT date_trunc('minute', start_time) AS minute, service, name AS operation, environment,
                  status_code = 2 AS failed, ${BUCKET_SQL} AS bucket, feature, duration_ns, weight
           FROM spans WHERE parent_span_id IS NULL OR parent_service IS DISTINCT FROM service
         ),
         -- What shared costs are split by (lib/attribution): entry requests and their time per feature.
         features AS (
           INSERT INTO feature_usage_minute (minute, service, feature, environment, requests, duration_ns)
           SELECT minute, service, feature, environment, sum(weight)::int, sum(duration_ns * weight)::bigint FROM entries GROUP BY 1, 2, 3, 4
         ),
         per_bucket AS (
           SELECT minute, service, operation, environment, bucket, sum(weight)::int AS n, COALESCE(sum(weight) FILTER (WHERE failed), 0)::int AS e
           FROM entries GROUP BY 1, 2, 3, 4, 5
         )
         INSERT INTO span_minute (minute, service, operation, environment, requests, errors, buckets, counts)
         SELECT minute, service, operation, environment, sum(n), sum(e), array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket)
         FROM per_bucket GROUP BY 1, 2, 3, 4`,
        range,
      );
      const edges = await client.query(
        `WITH calls AS (
           SELECT date_trunc('minute', c.start_time) AS minute, p.service AS caller, c.service AS callee,
                  c.status_code = 2 AS failed, ${BUCKET_SQL.replaceAll("duration_ns", "c.duration_ns")} AS bucket,
                  CASE WHEN c.trace_state IS NULL THEN 1 ELSE ${ADJUSTED_COUNT_SQL("c.trace_state")} END AS weight
           FROM span c
           JOIN LATERAL (
             SELECT service FROM span p
             WHERE p.trace_id = c.trace_id AND p.span_id = c.parent_span_id ${PARENT_TIME_SQL}
             LIMIT 1
           ) p ON true
           WHERE c.start_time >= $1 AND c.start_time < $2 AND c.parent_span_id IS NOT NULL AND p.service <> c.service
         ),
         per_bucket AS (
           SELECT minute, caller, callee, bucket, sum(weight)::int AS n, COALESCE(sum(weight) FILTER (WHERE failed), 0)::int AS e FROM calls GROUP BY 1, 2, 3, 4
         )
         INSERT INTO service_edge_minute (minute, caller, callee, calls, errors, buckets, counts)
         SELECT minute, caller, callee, sum(n), sum(e), array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket)
         FROM per_bucket GROUP BY 1, 2, 3`,
        range,
      );
      // The hours these minutes belong to are summed again from their minutes.
      const hours = [new Date(Math.floor(from / 3_600_000) * 3_600_000), new Date(Math.ceil(to / 3_600_000) * 3_600_000)];
      await client.query("DELETE FROM span_hour WHERE hour >= $1 AND hour < $2", hours);
      await client.query("DELETE FROM service_edge_hour WHERE hour >= $1 AND hour < $2", hours);
      await client.query(hourlySql("span_minute", "span_hour", ["service", "operation", "environment"], "requests"), hours);
      await client.query(hourlySql("service_edge_minute", "service_edge_hour", ["caller", "callee"], "calls"), hours);
      if (!window) {
        await client.query(
          `INSERT INTO span_rollup_state (id, rolled_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET rolled_until = GREATEST(span_rollup_state.rolled_until, EXCLUDED.rolled_until)`,
          [new Date(to)],
        );
      }
      await client.query("COMMIT");
      return {
        from: range[0].toISOString(),
        to: range[1].toISOString(),
        minutes: (to - from) / 60_000,
        serviceRows: services.rowCount ?? 0,
        edgeRows: edges.rowCount ?? 0,
      };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  });
}
