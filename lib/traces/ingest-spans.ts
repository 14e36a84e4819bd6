import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { ensureSpanPartitions } from "./partitions";
import type { IngestResult, SpanBatch } from "./span-batch";
import { storeSpanRows } from "./store-span-rows";

/**
 * Stores a decoded batch: its partitions first, then its rows. A span already stored (a client
 * re-sending after a timeout) is counted as a duplicate, never twice; a value PostgreSQL refuses
 * rejects only the spans that hold it. Any other failure (the database unavailable) is thrown.
 * When it returns, every span is committed: only then may the receiver acknowledge.
 */
export async function ingestSpans(ctx: Ctx, batch: SpanBatch): Promise<IngestResult> {
  authorize(ctx, "ingest:traces");
  if (batch.count === 0) return { stored: 0, duplicates: 0, rejected: batch.rejected, reasons: batch.reasons };
  await ensureSpanPartitions(pool(), batch.days);
  const { stored, rejected, reasons } = await storeSpanRows(batch);
  return {
    stored,
    duplicates: batch.count - stored - rejected,
    rejected: batch.rejected + rejected,
    reasons: [...batch.reasons, ...reasons],
  };
}
