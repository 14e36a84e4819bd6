import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import type { MetricBatch, MetricIngestResult } from "./metric-batch";
import { type MinuteRow, minuteRows } from "./minute-rows";
import { forgetSeriesIds, storeMetricRows } from "./store-metric-rows";

const DEADLOCK = "40P01";
const FOREIGN_KEY = "23503";

/** A value PostgreSQL refuses (data exception, program limit), not the store being unavailable. */
const refusedValue = (err: unknown) => /^(22|54)/.test(String((err as { code?: string }).code ?? ""));

async function inTransaction(rows: MinuteRow[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await storeMetricRows(client, rows);
      await client.query("COMMIT");
      return;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      const code = (err as { code?: string }).code;
      // A cached series id whose series retention deleted: forget them all and look again.
      if (code === FOREIGN_KEY) forgetSeriesIds();
      if ((code !== DEADLOCK && code !== FOREIGN_KEY) || attempt >= 3) throw err;
    } finally {
      client.release();
    }
  }
}

/** Row by row, after the batch was refused for a value: the rows holding one are rejected alone. */
async function rowByRow(rows: MinuteRow[], result: MetricIngestResult): Promise<MetricIngestResult> {
  for (const row of rows) {
    try {
      await inTransaction([row]);
    } catch (err) {
      if (!refusedValue(err)) throw err;
      result.stored -= row.points;
      result.rejected += row.points;
      if (result.reasons.length < 5)
        result.reasons.push(
          `${row.points} point(s) of ${row.series.metric}: the store refused a value (${(err as Error).message})`,
        );
    }
  }
  return result;
}

/**
 * Stores a decoded batch in one transaction: when it returns, every point is committed, and only
 * then may the receiver acknowledge. The store unavailable is thrown (the sender retries); a
 * deadlock with a concurrent request on the same minutes is retried.
 */
export async function ingestMetrics(ctx: Ctx, batch: MetricBatch): Promise<MetricIngestResult> {
  authorize(ctx, "ingest:traces");
  const result = { stored: batch.points.length, rejected: batch.rejected, reasons: [...batch.reasons] };
  if (batch.points.length === 0) return result;
  const rows = minuteRows(batch.points);
  try {
    await inTransaction(rows);
    return result;
  } catch (err) {
    if (!refusedValue(err)) throw err;
    return rowByRow(rows, result);
  }
}
