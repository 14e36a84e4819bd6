import type pg from "pg";
import { SlicedBlooms } from "./block/sliced-blooms";
import { BLOOM_K } from "./block/trace-bloom";

// Every block's trace-id filter, kept in memory bit-sliced (block/sliced-blooms.ts): a trace
// lookup probes them all in microseconds instead of reading every block's filter in SQL (about
// 3 ms at 10 M spans). Blocks never change under their id, so a filter once read stays true; only
// new blocks have to be read.
//
// Blocks are written by one compaction at a time (SPAN_COMPACT_LOCK), one transaction after the
// other, so their ids become visible in increasing order: the blocks above the highest id seen are
// the only ones missing. A filter of a block since dropped (retention) only makes a candidate
// whose payload is not found; a full listing every RESYNC_MS forgets such blocks and reads any the
// increasing-order rule would have missed.

/** Filters kept at most, in bytes (about 0.5 B a span: 64 MB holds some 130 M spans' filters). */
export const MAX_FILTER_BYTES = 64 * 2 ** 20;
const RESYNC_MS = 60_000;
/** Filters read per statement on a full listing. */
const READ_CHUNK = 2_000;

export interface FilterCache {
  maxBytes: number;
  filters: SlicedBlooms;
  /** Highest block id read; blocks above it are new. */
  highest: bigint;
  /** When every block was last listed (ms). */
  listedAt: number;
  /** More filters than maxBytes: lookups probe in SQL instead. */
  overflow: boolean;
}

export const newFilterCache = (maxBytes = MAX_FILTER_BYTES): FilterCache => ({
  maxBytes,
  filters: new SlicedBlooms(),
  highest: -1n,
  listedAt: 0,
  overflow: false,
});

const cache = newFilterCache();

/** Keeps these filters while they fit under maxBytes; past it the cache is marked overflowing. */
function keep(state: FilterCache, rows: { id: string; trace_bloom: Buffer }[]): void {
  for (const row of rows) {
    const id = BigInt(row.id);
    if (id > state.highest) state.highest = id;
    if (state.filters.has(row.id)) continue;
    if (state.filters.bytes + row.trace_bloom.length > state.maxBytes) state.overflow = true;
    else state.filters.add(row.id, row.trace_bloom);
  }
}

/** Lists every block id, forgets dropped blocks and reads the filters not kept yet. */
async function resync(client: pg.PoolClient, state: FilterCache, now: number): Promise<void> {
  const { rows } = await client.query<{ id: string }>("SELECT id::text FROM span_block");
  const live = new Set(rows.map((row) => row.id));
  for (const id of [...state.filters.ids()]) if (!live.has(id)) state.filters.delete(id);
  state.overflow = false;
  state.listedAt = now;
  const missing = rows.filter((row) => !state.filters.has(row.id)).map((row) => row.id);
  for (let at = 0; at < missing.length && !state.overflow; at += READ_CHUNK) {
    const read = await client.query<{ id: string; trace_bloom: Buffer }>(
      "SELECT id::text, trace_bloom FROM span_block WHERE id = ANY($1::bigint[])",
      [missing.slice(at, at + READ_CHUNK)],
    );
    keep(state, read.rows);
  }
}

/** Brings the cache up to date: new blocks always, a full listing every RESYNC_MS. */
export async function refreshFilters(client: pg.PoolClient, state: FilterCache = cache, now = Date.now()) {
  if (now - state.listedAt >= RESYNC_MS) await resync(client, state, now);
  else {
    const { rows } = await client.query<{ id: string; trace_bloom: Buffer }>({
      name: "span-block-filters-above",
      text: "SELECT id::text, trace_bloom FROM span_block WHERE id > $1::bigint",
      values: [state.highest.toString()],
    });
    keep(state, rows);
  }
  return state;
}

/** The kept blocks whose filters may hold one of these traces (hashes from bloomHashes); null when some are not kept. */
export function probeFilters(state: FilterCache, hashes: [number, number][]): string[] | null {
  return state.overflow ? null : state.filters.probe(hashes);
}

/** The bloom test of `span_block b` for hashes h1 and h2, as trace-bloom.ts sets bits. */
const bloomTest = ([h1, h2]: [number, number]) =>
  Array.from(
    { length: BLOOM_K },
    (_, i) =>
      `get_bit(b.trace_bloom, ((${h1}::bigint + ${i}::bigint * ${h2}::bigint) % (8 * length(b.trace_bloom)))::int) = 1`,
  ).join(" AND ");

/** The same probe in SQL over every block's filter, or those overlapping a window (when the filters are too many to keep). */
export async function probeFiltersInSql(
  client: pg.PoolClient,
  hashes: [number, number][],
  window?: { from: Date; to: Date },
): Promise<string[]> {
  if (hashes.length === 0) return [];
  const tests = hashes.map((h) => `(${bloomTest(h)})`).join(" OR ");
  const { rows } = window
    ? await client.query<{ id: string }>(
        `SELECT id::text FROM span_block b WHERE b.min_start < $2 AND b.max_start >= $1 AND (${tests})`,
        [window.from, window.to],
      )
    : await client.query<{ id: string }>(`SELECT id::text FROM span_block b WHERE ${tests}`);
  return rows.map((row) => row.id);
}

/**
 * The ids of the blocks whose filters may hold one of these traces, from the kept filters (after
 * reading new blocks), else in SQL. A window only narrows the SQL probe: its caller reads the
 * candidates within it.
 */
export async function blockIdsOfTraces(
  client: pg.PoolClient,
  hashes: [number, number][],
  window?: { from: Date; to: Date },
): Promise<string[]> {
  const kept = probeFilters(await refreshFilters(client), hashes);
  return kept ?? probeFiltersInSql(client, hashes, window);
}
