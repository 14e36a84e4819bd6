import type pg from "pg";
import { SPAN_ROLLUP_LOCK } from "../advisory-locks";
import type { EncodedBlock } from "./block/block-types";
import { encodeBlock } from "./block/encode-block";
import { openBlock } from "./block/open-block";
import { SPAN_ROW_SELECT, spanRowOf, type SpanRow } from "./block/span-row";

/** Spans one block holds at most, and so one compaction batch: what bounds its memory. */
export const BLOCK_MAX_SPANS = 16_384;

/** A time slice of one service's spans within one UTC day, compacted in batches of BLOCK_MAX_SPANS. */
export interface CompactSlice {
  service: string;
  from: Date;
  to: Date;
}

/** µs since 1970 as a timestamptz literal PostgreSQL reads exactly. */
export function microsText(us: bigint): string {
  const ms = us / 1000n;
  const rest = Number(us - ms * 1000n);
  const iso = new Date(Number(ms)).toISOString(); // …T10:00:00.123Z
  return `${iso.slice(0, -1)}${String(rest).padStart(3, "0")}Z`;
}

const keyOf = (traceId: Buffer, spanId: Buffer, startUs: bigint) =>
  `${traceId.toString("hex")}:${spanId.toString("hex")}:${startUs}`;

/**
 * The span keys that blocks of this slice already hold: a span re-sent after its first copy was
 * compacted is not stopped by the row key any more, and must not be stored twice.
 */
async function keysInBlocks(client: pg.PoolClient, slice: CompactSlice): Promise<Set<string>> {
  const { rows } = await client.query(
    `SELECT trace_ids, ids, times, core, attrs, extra FROM span_block
     WHERE service = $1 AND min_start < $3 AND max_start >= $2`,
    [slice.service, slice.from, slice.to],
  );
  const keys = new Set<string>();
  for (const columns of rows) {
    const block = openBlock({ ...columns, traceIds: columns.trace_ids });
    for (let i = 0; i < block.count; i += 1)
      keys.add(keyOf(block.get("traceId", i), block.get("spanId", i), block.get("startUs", i)));
  }
  return keys;
}

async function insertBlock(client: pg.PoolClient, block: EncodedBlock): Promise<void> {
  const { meta, columns } = block;
  await client.query(
    `INSERT INTO span_block (min_start, max_start, max_end, service, format, span_count, trace_count,
       error_count, server_error_count, root_count, min_duration_ns, max_duration_ns, names, resource_fps,
       trace_bloom, trace_ids, ids, times, core, attrs, extra)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::bigint[], $15, $16, $17, $18, $19, $20, $21)`,
    [
      microsText(meta.minStartUs),
      microsText(meta.maxStartUs),
      microsText(meta.maxEndUs),
      meta.service,
      meta.format,
      meta.spanCount,
      meta.traceCount,
      meta.errorCount,
      meta.serverErrorCount,
      meta.rootCount,
      meta.minDurationNs.toString(),
      meta.maxDurationNs.toString(),
      meta.names,
      meta.resourceFps.map(String),
      meta.bloom,
      columns.traceIds,
      columns.ids,
      columns.times,
      columns.core,
      columns.attrs,
      columns.extra,
    ],
  );
}

/**
 * Moves up to BLOCK_MAX_SPANS rows of a slice into one block, in one transaction: a crash before
 * COMMIT leaves the rows and no block, after it the block and no rows. Deleting takes row locks
 * only, so ingest never waits (a re-sent copy of a span in the batch waits for this batch alone).
 * Returns the rows moved; 0 when the slice has none left.
 */
export async function compactBatch(client: pg.PoolClient, slice: CompactSlice, hasBlocks: boolean): Promise<number> {
  await client.query("BEGIN");
  try {
    // A rollup reads rows and blocks in several statements: no batch moves spans under it.
    await client.query("SELECT pg_advisory_xact_lock($1)", [SPAN_ROLLUP_LOCK]);
    const { rows } = await client.query(
      `DELETE FROM span WHERE start_time >= $2 AND start_time < $3 AND ctid = ANY(ARRAY(
         SELECT ctid FROM span WHERE service = $1 AND start_time >= $2 AND start_time < $3 LIMIT ${BLOCK_MAX_SPANS}))
       RETURNING ${SPAN_ROW_SELECT}`,
      [slice.service, slice.from, slice.to],
    );
    let spans: SpanRow[] = rows.map(spanRowOf);
    if (hasBlocks && spans.length > 0) {
      const held = await keysInBlocks(client, slice);
      spans = spans.filter((s) => !held.has(keyOf(s.traceId, s.spanId, s.startUs)));
    }
    if (spans.length > 0) await insertBlock(client, encodeBlock(spans));
    await client.query("COMMIT");
    return rows.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
