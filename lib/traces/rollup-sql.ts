import { BUCKET_SQL } from "./histogram";

// The SQL of the span rollups. Counts are sums of sampling weights (up to 2^56 per span) and span
// time is duration × weight, so every sum is taken in numeric and stored saturated: a sum past
// bigint's maximum is stored as that maximum instead of failing the minute (and freezing the rollup).

const BIGINT_MAX = "9223372036854775807";

/** A numeric sum clamped to [0, 2^63 - 1] and stored as bigint; the rule for every rollup count. */
const saturated = (sum: string) => `LEAST(GREATEST(${sum}, 0), ${BIGINT_MAX})::bigint`;

/**
 * How many spans a stored span stands for. OpenTelemetry probability sampling writes the rejection
 * threshold in the W3C tracestate (`ot=th:<up to 14 hex digits>`, tracestate-probability-sampling):
 * a span kept with threshold T represents 2^56 / (2^56 - T) spans, at most 2^56, so a bigint.
 * Unsampled-marked spans count 1.
 */
const ADJUSTED_COUNT_SQL = (traceState: string) => `
  COALESCE((
    SELECT round(72057594037927936::numeric / (72057594037927936::numeric - ('x' || lpad(rpad(m[1], 14, '0'), 16, '0'))::bit(64)::bigint))::bigint
    FROM regexp_match(${traceState}, '(?:^|,)\\s*ot=(?:[^,]*;)?th:([0-9a-f]{1,14})(?:;|,|$)') AS m
  ), 1)`;

const WEIGHT_SQL = `CASE WHEN c.trace_state IS NULL THEN 1::bigint ELSE ${ADJUSTED_COUNT_SQL("c.trace_state")} END`;

// A parent starts before its child (give or take clock skew) and rarely more than an hour
// earlier: bounding the lookup lets PostgreSQL probe one or two daily partitions, not all.
const PARENT_TIME_SQL =
  "AND p.start_time BETWEEN c.start_time - interval '1 hour' AND c.start_time + interval '1 minute'";

/**
 * Entry spans of [$1, $2) of `source` (span, or span with block spans beside it) into span_minute and feature_usage_minute. Entry spans are roots, or
 * spans whose parent is in another service (or was not received), as SigNoz counts them.
 */
export const serviceMinutesSql = (source = "span") => `
  WITH spans AS (
    SELECT c.start_time, c.service, c.name, COALESCE(c.environment, '') AS environment, c.status_code, c.duration_ns,
           c.http_status_code,
           c.parent_span_id, p.service AS parent_service, COALESCE(c.feature, '') AS feature, ${WEIGHT_SQL} AS weight
    FROM ${source} c
    LEFT JOIN LATERAL (
      SELECT service FROM ${source} p
      WHERE p.trace_id = c.trace_id AND p.span_id = c.parent_span_id ${PARENT_TIME_SQL}
      LIMIT 1
    ) p ON c.parent_span_id IS NOT NULL
    WHERE c.start_time >= $1 AND c.start_time < $2
  ),
  entries AS (
    SELECT date_trunc('minute', start_time) AS minute, service, name AS operation, environment,
           status_code = 2 AS failed, COALESCE(http_status_code >= 500, false) AS server_failed,
           ${BUCKET_SQL} AS bucket, feature, duration_ns, weight
    FROM spans WHERE parent_span_id IS NULL OR parent_service IS DISTINCT FROM service
  ),
  -- What shared costs are split by (lib/attribution): entry requests and their time per feature;
  -- and their failures, for SLOs scoped to a feature (lib/slo).
  features AS (
    INSERT INTO feature_usage_minute (minute, service, feature, environment, requests, duration_ns, errors, server_errors)
    SELECT minute, service, feature, environment, ${saturated("sum(weight)")}, ${saturated("sum(GREATEST(duration_ns, 0)::numeric * weight)")},
           ${saturated("COALESCE(sum(weight) FILTER (WHERE failed), 0)")}, ${saturated("COALESCE(sum(weight) FILTER (WHERE server_failed), 0)")}
    FROM entries GROUP BY 1, 2, 3, 4
  ),
  per_bucket AS (
    SELECT minute, service, operation, environment, bucket, sum(weight) AS n, COALESCE(sum(weight) FILTER (WHERE failed), 0) AS e,
           COALESCE(sum(weight) FILTER (WHERE server_failed), 0) AS s, count(*) AS k
    FROM entries GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO span_minute (minute, service, operation, environment, requests, errors, server_errors, samples, buckets, counts)
  SELECT minute, service, operation, environment, ${saturated("sum(n)")}, ${saturated("sum(e)")}, ${saturated("sum(s)")}, sum(k)::bigint,
         array_agg(bucket ORDER BY bucket), array_agg(${saturated("n")} ORDER BY bucket)
  FROM per_bucket GROUP BY 1, 2, 3, 4`;

/** Parent→child calls of [$1, $2) of `source` that cross services, into service_edge_minute. */
export const edgeMinutesSql = (source = "span") => `
  WITH calls AS (
    SELECT date_trunc('minute', c.start_time) AS minute, p.service AS caller, c.service AS callee,
           c.status_code = 2 AS failed, ${BUCKET_SQL.replaceAll("duration_ns", "c.duration_ns")} AS bucket, ${WEIGHT_SQL} AS weight
    FROM ${source} c
    JOIN LATERAL (
      SELECT service FROM ${source} p
      WHERE p.trace_id = c.trace_id AND p.span_id = c.parent_span_id ${PARENT_TIME_SQL}
      LIMIT 1
    ) p ON true
    WHERE c.start_time >= $1 AND c.start_time < $2 AND c.parent_span_id IS NOT NULL AND p.service <> c.service
  ),
  per_bucket AS (
    SELECT minute, caller, callee, bucket, sum(weight) AS n, COALESCE(sum(weight) FILTER (WHERE failed), 0) AS e FROM calls GROUP BY 1, 2, 3, 4
  )
  INSERT INTO service_edge_minute (minute, caller, callee, calls, errors, buckets, counts)
  SELECT minute, caller, callee, ${saturated("sum(n)")}, ${saturated("sum(e)")}, array_agg(bucket ORDER BY bucket), array_agg(${saturated("n")} ORDER BY bucket)
  FROM per_bucket GROUP BY 1, 2, 3`;

interface Level {
  /** The finer table and its time column. */
  from: [table: string, time: string];
  /** The coarser table and its time column. */
  into: [table: string, time: string];
  /** date_trunc's unit for the coarser slots. */
  unit: "hour" | "day";
}

/** A count summed into a coarser slot; samples only when every finer row counted them, else unknown. */
const countSum = (column: string) =>
  column === "samples"
    ? `CASE WHEN count(samples) = count(*) THEN ${saturated("sum(samples)")} END`
    : saturated(`sum(${column})`);

/**
 * Sums a rollup table into its coarser twin for the slots [$1, $2), merging histograms; `counts`
 * are the count columns summed as they are.
 */
function summarySql({ from: [source, at], into: [target, slot], unit }: Level, keys: string[], counts: string[]) {
  const k = keys.join(", ");
  return `
    INSERT INTO ${target} (${slot}, ${k}, ${counts.join(", ")}, buckets, counts)
    SELECT t.${slot}, ${keys.map((key) => `t.${key}`).join(", ")}, ${counts.map((c) => `t.${c}`).join(", ")}, h.buckets, h.counts
    FROM (
      SELECT date_trunc('${unit}', ${at}) AS ${slot}, ${k}, ${counts.map((c) => `${countSum(c)} AS ${c}`).join(", ")}
      FROM ${source} WHERE ${at} >= $1 AND ${at} < $2 GROUP BY 1, ${k}
    ) t
    JOIN (
      SELECT ${slot}, ${k}, array_agg(b ORDER BY b) AS buckets, array_agg(n ORDER BY b) AS counts FROM (
        SELECT date_trunc('${unit}', ${at}) AS ${slot}, ${k}, b, ${saturated("sum(c)")} AS n
        FROM ${source}, unnest(buckets, counts) AS u(b, c) WHERE ${at} >= $1 AND ${at} < $2 GROUP BY 1, ${k}, b
      ) x GROUP BY ${slot}, ${k}
    ) h USING (${slot}, ${k})`;
}

const SPAN_KEYS = ["service", "operation", "environment"];
// samples: the entry spans kept, whatever they stand for; null where a writer did not count them.
const SPAN_COUNTS = ["requests", "errors", "server_errors", "samples"];

/** The hours [$1, $2) summed again from their minutes. */
export const HOURLY_SQL = [
  "DELETE FROM span_hour WHERE hour >= $1 AND hour < $2",
  "DELETE FROM service_edge_hour WHERE hour >= $1 AND hour < $2",
  summarySql({ from: ["span_minute", "minute"], into: ["span_hour", "hour"], unit: "hour" }, SPAN_KEYS, SPAN_COUNTS),
  summarySql(
    { from: ["service_edge_minute", "minute"], into: ["service_edge_hour", "hour"], unit: "hour" },
    ["caller", "callee"],
    ["calls", "errors"],
  ),
];

/** The days [$1, $2) summed again from their hours (the SLO windows' whole days). */
export const DAILY_SQL = [
  "DELETE FROM span_day WHERE day >= $1 AND day < $2",
  summarySql({ from: ["span_hour", "hour"], into: ["span_day", "day"], unit: "day" }, SPAN_KEYS, SPAN_COUNTS),
];

export const DELETE_MINUTES_SQL = [
  "DELETE FROM span_minute WHERE minute >= $1 AND minute < $2",
  "DELETE FROM service_edge_minute WHERE minute >= $1 AND minute < $2",
  "DELETE FROM feature_usage_minute WHERE minute >= $1 AND minute < $2",
];
