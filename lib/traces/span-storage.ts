import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { env } from "../env";

/** What the spans take on disk, as rows and as compressed blocks (Settings, the benchmark). */
export interface SpanStorage {
  rows: { spans: number; bytes: number };
  blocks: { count: number; spans: number; bytes: number };
  compactAfterHours: number;
}

const SIZE_SQL = (parent: string) => `
  SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0)::bigint::text AS bytes
  FROM pg_inherits i WHERE i.inhparent = '${parent}'::regclass`;

/**
 * Bytes of every partition (heap, TOAST and indexes) of span and span_block, the spans in each:
 * exact for blocks (their metadata), estimated for rows from the planner's statistics (a count
 * of every row would read them all).
 */
export async function spanStorage(ctx: Ctx): Promise<SpanStorage> {
  authorize(ctx, "settings:read");
  const [rowBytes, blockBytes, rowCount, blocks] = await Promise.all([
    pool().query<{ bytes: string }>(SIZE_SQL("span")),
    pool().query<{ bytes: string }>(SIZE_SQL("span_block")),
    pool().query<{ spans: string }>(
      `SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint::text AS spans
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'span'::regclass`,
    ),
    pool().query<{ count: string; spans: string }>(
      "SELECT count(*)::text AS count, coalesce(sum(span_count), 0)::text AS spans FROM span_block",
    ),
  ]);
  return {
    rows: { spans: Number(rowCount.rows[0].spans), bytes: Number(rowBytes.rows[0].bytes) },
    blocks: {
      count: Number(blocks.rows[0].count),
      spans: Number(blocks.rows[0].spans),
      bytes: Number(blockBytes.rows[0].bytes),
    },
    compactAfterHours: env().VIGIL_SPAN_COMPACT_AFTER_HOURS,
  };
}
