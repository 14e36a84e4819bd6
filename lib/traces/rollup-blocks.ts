import type pg from "pg";
import type { SpanRow } from "./block/span-row";
import { blocksOverlap, openBlocksWhere, spanSource } from "./span-source";

// A rollup of minutes whose spans were compacted (a late span's minute rebuilt, or a window
// rebuilt on request) reads the blocks' spans of those minutes beside the rows, and the spans
// their parents may be: the parent lookup reaches an hour back and a minute ahead (rollup-sql.ts).

const PARENT_BEFORE_MS = 3_600_000;
const PARENT_AFTER_MS = 60_000;
/** Past this window every block span in reach is taken, instead of only the parents needed. */
const PARENT_SET_MAX_MS = 3_600_000;

const keyOf = (traceId: Buffer, spanId: Buffer) => `${traceId.toString("hex")}:${spanId.toString("hex")}`;

/** The (trace, parent) keys of the row spans of [from, to): the parents their rollup looks up. */
async function rowParents(client: pg.PoolClient, from: Date, to: Date): Promise<Set<string>> {
  const { rows } = await client.query<{ trace_id: Buffer; parent_span_id: Buffer }>(
    `SELECT trace_id, parent_span_id FROM span
     WHERE start_time >= $1 AND start_time < $2 AND parent_span_id IS NOT NULL`,
    [from, to],
  );
  return new Set(rows.map((row) => keyOf(row.trace_id, row.parent_span_id)));
}

/** The FROM item the rollup of [from, to) reads: `span`, or span with the block spans it needs. */
export async function rollupSource(client: pg.PoolClient, fromMs: number, toMs: number): Promise<string> {
  const reach = { from: new Date(fromMs - PARENT_BEFORE_MS), to: new Date(toMs + PARENT_AFTER_MS) };
  if (!(await blocksOverlap(client, reach.from, reach.to))) return "span";
  const [from, to] = [BigInt(fromMs) * 1000n, BigInt(toMs) * 1000n];
  const [reachFrom, reachTo] = [BigInt(reach.from.getTime()) * 1000n, BigInt(reach.to.getTime()) * 1000n];
  const everyParent = toMs - fromMs > PARENT_SET_MAX_MS;
  const parents = everyParent ? new Set<string>() : await rowParents(client, new Date(fromMs), new Date(toMs));
  const blocks = await openBlocksWhere(client, "b.min_start <= $2 AND b.max_start >= $1", [reach.from, reach.to]);
  const inWindow: SpanRow[] = [];
  const around: { block: (typeof blocks)[number]; i: number }[] = [];
  for (const block of blocks)
    for (let i = 0; i < block.count; i += 1) {
      const start = block.get("startUs", i);
      if (start >= from && start < to) {
        const span = block.row(i);
        inWindow.push(span);
        if (span.parentSpanId) parents.add(keyOf(span.traceId, span.parentSpanId));
      } else if (start >= reachFrom && start <= reachTo) around.push({ block, i });
    }
  const needed = around.filter(
    ({ block, i }) => everyParent || parents.has(keyOf(block.get("traceId", i), block.get("spanId", i))),
  );
  return spanSource(client, [...inWindow, ...needed.map(({ block, i }) => block.row(i))]);
}
