import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { MAX_WATCHED_METRICS, MetricWatchInput } from "./schemas";

// The OTLP metrics scanned for anomalies: people choose them (a metric per service is a series in
// every scan, and most metrics are not worth a page), audited; the next scan uses the list.

export async function watchMetric(ctx: Ctx, input: unknown) {
  authorize(ctx, "anomalies:triage");
  const { metric, watch } = parseInput(MetricWatchInput, input);
  return sqlTransaction(async (client) => {
    // One writer at a time, so two additions can not both pass the limit.
    await client.query("LOCK TABLE anomaly_metric IN SHARE ROW EXCLUSIVE MODE");
    const changed = watch
      ? await client.query(
          `INSERT INTO anomaly_metric (metric, added_by)
           SELECT $1, $2 WHERE (SELECT count(*) FROM anomaly_metric) < $3 ON CONFLICT (metric) DO NOTHING`,
          [metric, ctx.actor.label, MAX_WATCHED_METRICS],
        )
      : await client.query("DELETE FROM anomaly_metric WHERE metric = $1", [metric]);
    const watching = await client.query("SELECT 1 FROM anomaly_metric WHERE metric = $1", [metric]);
    if (watch && watching.rowCount === 0) {
      throw new VigilError(
        "bad_request",
        `metric: at most ${MAX_WATCHED_METRICS} metrics can be watched; stop watching one first`,
      );
    }
    if (changed.rowCount) {
      await recordAudit(client, ctx, {
        action: watch ? "anomaly.metric_watched" : "anomaly.metric_unwatched",
        target: { type: "anomaly_metric", id: metric },
        summary: {},
      });
    }
    return { metric, watch };
  });
}

/** The watched metrics with how many services send each, and metrics sent that are not watched yet. */
export async function listWatchedMetrics(ctx: Ctx) {
  authorize(ctx, "read");
  const [watched, candidates] = await Promise.all([
    pool().query<{ metric: string; added_by: string; added_at: Date; services: number }>(
      `SELECT w.metric, w.added_by, w.added_at,
              (SELECT count(DISTINCT service_name)::int FROM metric_series m WHERE m.metric = w.metric) AS services
         FROM anomaly_metric w ORDER BY w.metric LIMIT $1`,
      [MAX_WATCHED_METRICS],
    ),
    pool().query<{ metric: string; services: number }>(
      `SELECT metric, count(DISTINCT service_name)::int AS services FROM metric_series
        WHERE service_name IS NOT NULL AND metric NOT IN (SELECT metric FROM anomaly_metric)
        GROUP BY metric ORDER BY metric LIMIT 500`,
    ),
  ]);
  return {
    items: watched.rows.map((row) => ({
      metric: row.metric,
      addedBy: row.added_by,
      addedAt: row.added_at.toISOString(),
      services: row.services,
    })),
    unwatched: candidates.rows,
    limit: MAX_WATCHED_METRICS,
  };
}
