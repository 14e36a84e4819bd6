// The SQL of readDailyMetrics: per resource, metric and UTC day over the matching series' minute
// rows. A cumulative series' increase is taken row by row against the row before it (the last
// one before the window included), reset-safe:
// - same start time: the growth since the previous row (a drop in a monotonic value is a reset
//   without a new start time, counted from zero);
// - a new start time: a reset, counted from zero;
// - the series' first row: from zero if it started that UTC day, else from its first point
//   (what it counted before it was first seen belongs to no day Vigil knows).

const step = (a: string, b: string) => `(CASE WHEN mono AND ${b} < ${a} THEN ${b} ELSE ${b} - ${a} END)`;
const DAY_START_NS = "(extract(epoch FROM date_trunc('day', minute, 'UTC')) * 1000000000)::bigint";

function increase(first: string, last: string, previous: string): string {
  return `CASE
    WHEN prev_start IS NULL THEN
      (CASE WHEN start_ns > 0 AND start_ns >= ${DAY_START_NS} THEN ${first} ELSE 0 END) + ${step(first, last)}
    WHEN prev_start = start_ns THEN ${step(previous, first)} + ${step(first, last)}
    ELSE ${first} + ${step(first, last)}
  END`;
}

/** Cumulative histograms and summaries: their observations and sum are their increases. */
const DISTRIBUTION = "(kind <> 'gauge' AND kind <> 'sum' AND temporality = 'cumulative')";

/**
 * The page of resources: $1 metrics, $2 resource ids or null, $3 after this id, $4 how many;
 * `conditions` on metric_series (aliased m) take their parameters from $5 on.
 */
export function resourcePageSql(conditions: string[]): string {
  return `
  SELECT DISTINCT m.resource_id FROM metric_series m
  WHERE m.metric = ANY($1::text[]) AND ($2::text[] IS NULL OR m.resource_id = ANY($2::text[]))
    AND m.resource_id > $3 ${conditions.map((c) => `AND ${c}`).join(" ")}
  ORDER BY m.resource_id LIMIT $4`;
}

/** The rows: $1 metrics, $2 from, $3 to, $4 resource ids; `conditions` as above, from $5 on. */
export function dailyMetricsSql(conditions: string[]): string {
  return `
  WITH ss AS (
    SELECT m.id, m.resource_id, m.service_name, m.metric, m.kind, m.temporality, (m.monotonic OR m.kind <> 'sum') AS mono
    FROM metric_series m
    WHERE m.metric = ANY($1::text[]) AND m.resource_id = ANY($4::text[]) ${conditions.map((c) => `AND ${c}`).join(" ")}
  ),
  pts AS (
    SELECT ss.*, p.minute, p.start_ns, p.count, p.sum, p.min, p.max, p.first_value, p.last_value,
           COALESCE(p.first_sum, 0) AS first_sum, COALESCE(p.last_sum, 0) AS last_sum, true AS inside
    FROM ss JOIN metric_point p ON p.series_id = ss.id WHERE p.minute >= $2 AND p.minute < $3
    UNION ALL
    SELECT ss.*, b.minute, b.start_ns, b.count, b.sum, b.min, b.max, b.first_value, b.last_value,
           COALESCE(b.first_sum, 0), COALESCE(b.last_sum, 0), false
    FROM ss CROSS JOIN LATERAL (
      SELECT * FROM metric_point p WHERE p.series_id = ss.id AND p.minute < $2
      ORDER BY p.minute DESC, p.start_ns DESC LIMIT 1) b
    WHERE ss.temporality = 'cumulative'
  ),
  w AS (
    SELECT pts.*, lag(last_value) OVER o AS prev_value, lag(last_sum) OVER o AS prev_sum, lag(start_ns) OVER o AS prev_start
    FROM pts WINDOW o AS (PARTITION BY id ORDER BY minute, start_ns)
  ),
  c AS (
    SELECT resource_id, service_name, metric, (minute AT TIME ZONE 'UTC')::date AS day, min, max,
      CASE WHEN ${DISTRIBUTION} THEN ${increase("first_value", "last_value", "prev_value")} ELSE count END AS count,
      CASE WHEN ${DISTRIBUTION} THEN ${increase("first_sum", "last_sum", "prev_sum")} ELSE sum END AS sum,
      CASE WHEN temporality = 'delta' THEN (CASE WHEN kind = 'sum' THEN sum ELSE count END)
           WHEN temporality = 'cumulative' THEN ${increase("first_value", "last_value", "prev_value")} END AS increase
    FROM w WHERE inside
  )
  SELECT resource_id, max(service_name) AS service_name, metric, to_char(day, 'YYYY-MM-DD') AS day,
         sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max, sum(increase) AS increase
  FROM c GROUP BY resource_id, metric, day ORDER BY resource_id, metric, day`;
}
