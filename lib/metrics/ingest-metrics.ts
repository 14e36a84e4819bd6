import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import type { MetricBatch, MetricIngestResult } from "./metric-batch";
import { minuteRows } from "./minute-rows";
import { storeMetricRows } from "./store-metric-rows";

const DEADLOCK = "40P01";

/**
 * Stores a decoded batch in one transaction: when it returns, every point is committed, and only
 * then may the receiver acknowledge. A failure (the database unavailable) is thrown; a deadlock
 * with a concurrent request on the same minutes is retried.
 */
export async function ingestMetrics(ctx: Ctx, batch: MetricBatch): Promise<MetricIngestResult> {
  authorize(ctx, "ingest:traces");
  const result = { stored: batch.points.length, rejected: batch.rejected, reasons: batch.reasons };
  if (batch.points.length === 0) return result;
  const rows = minuteRows(batch.points);
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await storeMetricRows(client, rows);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      if ((err as { code?: string }).code !== DEADLOCK || attempt >= 3) throw err;
    } finally {
      client.release();
    }
  }
}
