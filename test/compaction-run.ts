import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { compactSpans } from "@/lib/traces/compact-spans";

// Compaction as the equivalence tests drive it: everything older than a moment, emptied days
// given back at once (settleMs 0), as the worker would once they settle.

export interface Compacted {
  /** Blocks stored, and the spans they hold, over the whole database. */
  blocks: number;
  blockSpans: number;
  /** Rows left that start before `olderThan`. */
  rowsLeft: number;
  reclaimedDays: string[];
}

/** Compacts every span older than `olderThan`; returns what the database then holds. */
export async function compactEverything(olderThan: Date): Promise<Compacted> {
  const result = await compactSpans(systemCtx("test"), { olderThan, settleMs: 0 });
  if (result.busy) throw new Error("another compaction held the lock");
  const { rows } = await pool().query<{ blocks: string; block_spans: string; rows_left: string }>(
    `SELECT (SELECT count(*) FROM span_block) AS blocks, (SELECT coalesce(sum(span_count), 0) FROM span_block) AS block_spans,
            (SELECT count(*) FROM span WHERE start_time < $1) AS rows_left`,
    [olderThan],
  );
  return {
    blocks: Number(rows[0].blocks),
    blockSpans: Number(rows[0].block_spans),
    rowsLeft: Number(rows[0].rows_left),
    reclaimedDays: result.reclaimedDays,
  };
}
