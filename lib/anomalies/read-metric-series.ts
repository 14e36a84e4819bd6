import type pg from "pg";
import { entryFor, type RegularSeries } from "./series";

// The watched OTLP metrics of each service and environment, one value per slot (five minutes or an
// hour) from the receiver's minute rows: the mean of a gauge, or of a histogram's observations; the
// increase of a sum. A cumulative series' increase is taken row by row against the row before it,
// reset-safe (a new start time, or a monotonic value that fell, counts from zero). A slot with no
// point is a gap: a metric that was not sent is not a metric at zero.

export interface MetricSeries {
  service: string;
  environment: string;
  /** The metric's name: the anomaly's scope. */
  metric: string;
  /** Increases of sums (counts, judged with counting noise), not means. */
  counted: boolean;
  series: RegularSeries;
}

const step = (a: string, b: string) => `(CASE WHEN mono AND ${b} < ${a} THEN ${b} ELSE ${b} - ${a} END)`;
const increase = (first: string, last: string, previous: string) => `CASE
    WHEN prev_start IS NULL THEN ${step(first, last)}
    WHEN prev_start = start_ns THEN ${step(previous, first)} + ${step(first, last)}
    ELSE ${first} + ${step(first, last)}
  END`;

/** $1 from, $2 to, $3 metrics; a numerator per row, and a denominator where the value is a mean. */
const SLOTS = (slot: string) => `
  WITH ss AS (
    SELECT id, service_name AS service, metric, kind, temporality, (monotonic OR kind <> 'sum') AS mono,
           COALESCE(resource_attributes->>'deployment.environment.name', resource_attributes->>'deployment.environment', '') AS environment
      FROM metric_series WHERE metric = ANY($3::text[]) AND service_name IS NOT NULL),
  w AS (
    SELECT ss.*, ${slot} AS t, p.start_ns, p.count, p.sum, p.first_value, p.last_value,
           COALESCE(p.first_sum, 0) AS first_sum, COALESCE(p.last_sum, 0) AS last_sum,
           lag(p.last_value) OVER o AS prev_value, lag(COALESCE(p.last_sum, 0)) OVER o AS prev_sum,
           lag(p.start_ns) OVER o AS prev_start
      FROM ss JOIN metric_point p ON p.series_id = ss.id
     WHERE p.minute >= $1 AND p.minute < $2
    WINDOW o AS (PARTITION BY p.series_id ORDER BY p.minute, p.start_ns)),
  c AS (
    SELECT service, environment, metric, t,
      CASE WHEN kind = 'gauge' OR temporality = 'delta' THEN sum
           WHEN kind = 'sum' THEN ${increase("first_value", "last_value", "prev_value")}
           ELSE ${increase("first_sum", "last_sum", "prev_sum")} END AS num,
      CASE WHEN kind = 'sum' AND temporality IS NOT NULL THEN NULL
           WHEN kind = 'gauge' OR temporality = 'delta' THEN count
           ELSE ${increase("first_value", "last_value", "prev_value")} END AS den
    FROM w)
  SELECT service, environment, metric, (extract(epoch FROM t) * 1000)::float8 AS t,
         CASE WHEN count(den) = 0 THEN sum(num) ELSE sum(num) / nullif(sum(den), 0) END::float8 AS value,
         count(den) = 0 AS counted
    FROM c GROUP BY 1, 2, 3, 4`;

const SLOT: Record<number, string> = {
  300_000: "date_bin('5 minutes', p.minute, TIMESTAMPTZ 'epoch')",
  3_600_000: "date_trunc('hour', p.minute, 'UTC')",
};

/** The metrics asked for, per service and environment, over [from, to) in slots of `stepMs`. */
export async function readMetricSeries(
  client: Pick<pg.ClientBase, "query">,
  window: { from: Date; to: Date; stepMs: number; metrics: readonly string[] },
): Promise<MetricSeries[]> {
  if (window.metrics.length === 0) return [];
  const { stepMs } = window;
  if (!SLOT[stepMs]) throw new RangeError(`Metric series come in five-minute or hourly slots, not ${stepMs} ms`);
  const from = Math.floor(window.from.getTime() / stepMs) * stepMs;
  const length = Math.max(0, Math.ceil((window.to.getTime() - from) / stepMs));
  const { rows } = await client.query<{
    service: string;
    environment: string;
    metric: string;
    t: number;
    value: number | null;
    counted: boolean;
  }>(SLOTS(SLOT[stepMs]), [new Date(from), window.to, window.metrics]);
  const found = new Map<string, MetricSeries>();
  for (const row of rows) {
    const i = Math.round((row.t - from) / stepMs);
    if (i < 0 || i >= length) continue;
    const key = `${row.service}\u0000${row.environment}\u0000${row.metric}`;
    const entry = entryFor(found, key, { startMs: from, stepMs, length }, (series) => ({
      service: row.service,
      environment: row.environment,
      metric: row.metric,
      counted: true,
      series,
    }));
    entry.series.values[i] = row.value ?? NaN;
    entry.counted &&= row.counted;
  }
  return [...found.values()].sort(
    (a, b) =>
      a.service.localeCompare(b.service) ||
      a.environment.localeCompare(b.environment) ||
      a.metric.localeCompare(b.metric),
  );
}

/** The metrics people chose to watch. */
export async function readWatchedMetrics(client: Pick<pg.ClientBase, "query">): Promise<string[]> {
  const { rows } = await client.query<{ metric: string }>(
    "SELECT metric FROM anomaly_metric ORDER BY metric LIMIT 200",
  );
  return rows.map((row) => row.metric);
}
