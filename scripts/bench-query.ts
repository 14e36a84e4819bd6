import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { ensureSpanPartitions } from "@/lib/traces/partitions";
import { blockBytes, megabytes, sharedDictionaryBytes, spanBytes } from "./bench-query-bytes";
import { compactAll, compactionLine } from "./bench-query-compact";
import { DAYS, loadSpans, rollUp } from "./bench-query-load";
import { readLine, sampleTraceIds, timeReads } from "./bench-query-reads";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:query [millions]`: loads synthetic spans over 7 days with COPY (the same rows the
// receiver writes) and rolls them up; times the four reads the SRE views make over rows, compacts
// everything older than an hour into blocks, and times them again. Bytes per span are counted over
// every partition of each storage (heap, TOAST, indexes).

const total = Math.round(Number(process.argv[2] ?? 10) * 1_000_000);
if (!Number.isFinite(total) || total < 1)
  throw new Error(`bench:query takes millions of spans, not ${process.argv[2]}`);

const fixed = (value: number) => value.toFixed(1);

async function printSettings(): Promise<void> {
  const { rows } = await pool().query<{ shared_buffers: string; work_mem: string }>(
    "SELECT current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem",
  );
  console.log(`PostgreSQL: shared_buffers ${rows[0].shared_buffers}, work_mem ${rows[0].work_mem}`);
}

/**
 * The bulk load and the bulk compaction leave gigabytes of dirty pages: they are written out before
 * the reads are timed, which a checkpoint spread over the next minutes would otherwise share the
 * two cores with.
 */
async function settle(): Promise<void> {
  await pool().query("CHECKPOINT");
}

runWithThrowawayDatabase("bench-query", async () => {
  const ctx = systemCtx("bench");
  const now = Date.now();
  const start = now - DAYS * 86_400_000;
  const days = Array.from({ length: DAYS + 2 }, (_, i) =>
    new Date(start + (i - 1) * 86_400_000).toISOString().slice(0, 10),
  );
  await printSettings();
  await ensureSpanPartitions(pool(), days);
  await loadSpans(ctx, start, total);
  await rollUp(ctx, start);
  // Sampled once, before compaction: the rows run and the blocks run look up the same traces.
  const traceIds = await sampleTraceIds(total);
  const rows = await spanBytes();
  console.log(
    `${rows.spans.toLocaleString("en-US")} spans stored as rows: ${megabytes(rows.bytes)}, ${fixed(rows.perSpan)} B/span` +
      ` (shared dictionaries ${megabytes(await sharedDictionaryBytes())} apart)`,
  );
  await settle();
  const overRows = await timeReads(ctx, { start, now }, traceIds);
  console.log(`query (rows): ${readLine(overRows)}, rows ${fixed(rows.perSpan)} B/span`);

  const run = await compactAll(ctx, start, now);
  console.log(compactionLine(run));
  const blocks = await blockBytes();
  const residue = await spanBytes();
  console.log(
    `${blocks.spans.toLocaleString("en-US")} spans in blocks: ${megabytes(blocks.bytes)}, ${fixed(blocks.perSpan)} B/span;` +
      ` row partitions left: ${residue.spans.toLocaleString("en-US")} spans in ${megabytes(residue.bytes)}` +
      ` (days reclaimed: ${run.reclaimedDays.join(", ") || "none"})`,
  );
  await settle();
  const overBlocks = await timeReads(ctx, { start, now }, traceIds);
  console.log(
    `query: ${readLine(overBlocks)}, rows ${fixed(rows.perSpan)} B/span, blocks ${fixed(blocks.perSpan)} B/span`,
  );
});
