import type pg from "pg";
import { SPAN_COMPACT_LOCK } from "../advisory-locks";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { env } from "../env";
import { addDays, utcDay } from "../time";
import { BLOCK_MAX_SPANS, compactBatch, type CompactSlice } from "./compact-batch";
import { LATE_ARRIVAL_MINUTES, readRolledUntil } from "./rollup-spans";

export interface CompactOptions {
  /** Rows that start before this move into blocks. */
  olderThan: Date;
  /** Aborted when the worker stops: the run ends after the batch in hand. */
  signal?: AbortSignal;
  /** Rows moved at most in this run (the rest waits for the next). */
  maxSpans?: number;
  /** A day's emptied row partition is truncated once its last block is this old (readers' snapshots). */
  settleMs?: number;
}

export interface CompactResult {
  blocks: number;
  spans: number;
  /** Days whose emptied row partition was truncated, giving its space back. */
  reclaimedDays: string[];
  /** Another worker was compacting: this run did nothing. */
  busy: boolean;
}

/** Spans per slice planned for one block, below BLOCK_MAX_SPANS so uneven minutes still fit. */
const SLICE_SPANS = 2_000;
const HOUR_MS = 3_600_000;

interface Unit {
  service: string;
  hour: Date;
  count: number;
}

/** Each (service, UTC hour) with rows to move, cut into time slices of about SLICE_SPANS spans. */
function slicesOf(unit: Unit, olderThan: Date): CompactSlice[] {
  const end = Math.min(unit.hour.getTime() + HOUR_MS, olderThan.getTime());
  const parts = Math.max(1, Math.ceil(unit.count / SLICE_SPANS));
  const step = Math.ceil((end - unit.hour.getTime()) / parts);
  const slices: CompactSlice[] = [];
  for (let from = unit.hour.getTime(); from < end; from += step)
    slices.push({ service: unit.service, from: new Date(from), to: new Date(Math.min(from + step, end)) });
  return slices;
}

async function unitsBefore(client: pg.PoolClient, olderThan: Date): Promise<Unit[]> {
  const { rows } = await client.query<{ service: string; hour: Date; count: number }>(
    `SELECT service, date_trunc('hour', start_time, 'UTC') AS hour, count(*)::int AS count
     FROM span WHERE start_time < $1 GROUP BY 1, 2 ORDER BY 2, 1`,
    [olderThan],
  );
  return rows;
}

async function unitHasBlocks(client: pg.PoolClient, unit: Unit): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM span_block WHERE service = $1 AND min_start < $2::timestamptz + interval '1 hour' AND max_start >= $2 LIMIT 1`,
    [unit.service, unit.hour],
  );
  return rows.length > 0;
}

/**
 * A truncated partition's size: its empty indexes keep a page or two each. Heap size alone will not
 * do: vacuum gives back a heap's trailing empty pages, so an emptied day shows a 0-byte heap while its
 * indexes still hold hundreds of megabytes.
 */
export const TRUNCATED_BYTES = 256 * 1024;

/** The days (YYYY-MM-DD, in order) whose row partitions still take more than TRUNCATED_BYTES. */
export async function daysHoldingSpace(client: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ day: string }>(
    `SELECT to_char(to_date(right(c.relname, 8), 'YYYYMMDD'), 'YYYY-MM-DD') AS day
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'span'::regclass AND c.relname ~ '^span_p[0-9]{8}$' AND pg_total_relation_size(c.oid) > $1
     ORDER BY 1`,
    [TRUNCATED_BYTES],
  );
  return rows.map((row) => row.day);
}

/**
 * Truncates the row partitions of ended days whose rows have all moved into blocks, once the
 * last block is `settleMs` old: a read that began before the move must not find the rows gone.
 */
async function reclaimDays(client: pg.PoolClient, olderThan: Date, settleMs: number): Promise<string[]> {
  const today = utcDay(new Date());
  const reclaimed: string[] = [];
  for (const day of await daysHoldingSpace(client)) {
    if (day >= today || Date.parse(`${addDays(day, 1)}T00:00:00Z`) > olderThan.getTime()) continue;
    const settled = await client.query(
      `SELECT 1 FROM span_block WHERE min_start >= $1::date AND min_start < $1::date + 1
         AND created_at > now() - $2 * interval '1 millisecond' LIMIT 1`,
      [day, settleMs],
    );
    if (settled.rows.length > 0) continue;
    const { rows: done } = await client.query<{ ok: boolean }>(
      "SELECT vigil_truncate_empty_span_partition($1::date) AS ok",
      [day],
    );
    if (done[0].ok) reclaimed.push(day);
  }
  return reclaimed;
}

async function compactUnits(client: pg.PoolClient, options: CompactOptions, result: CompactResult): Promise<void> {
  const budget = options.maxSpans ?? Number.POSITIVE_INFINITY;
  for (const unit of await unitsBefore(client, options.olderThan)) {
    const hasBlocks = await unitHasBlocks(client, unit);
    for (const slice of slicesOf(unit, options.olderThan)) {
      for (;;) {
        if (options.signal?.aborted || result.spans >= budget) return;
        const moved = await compactBatch(client, slice, hasBlocks);
        if (moved === 0) break;
        result.spans += moved;
        result.blocks += 1;
        if (moved < BLOCK_MAX_SPANS) break;
      }
    }
  }
}

/**
 * Moves spans older than `olderThan` from rows into compressed blocks (lib/traces/block), one
 * batch per transaction, then gives back the space of days left without rows. Incremental and
 * restartable: a run stopped anywhere leaves every span exactly once, in rows or in a block, and
 * the next run goes on from there.
 */
export async function compactSpans(ctx: Ctx, options: CompactOptions): Promise<CompactResult> {
  authorize(ctx, "ingest:traces");
  const result: CompactResult = { blocks: 0, spans: 0, reclaimedDays: [], busy: false };
  const client = await pool().connect();
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS ok", [SPAN_COMPACT_LOCK]);
    if (!rows[0].ok) return { ...result, busy: true };
    try {
      await compactUnits(client, options, result);
      if (!options.signal?.aborted)
        result.reclaimedDays = await reclaimDays(client, options.olderThan, options.settleMs ?? 10 * 60_000);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [SPAN_COMPACT_LOCK]);
    }
    return result;
  } finally {
    client.release();
  }
}

/** Spans one scheduled run moves at most, so a backlog is worked off over several runs. */
const SPANS_PER_RUN = 2_000_000;

/**
 * The scheduled compaction: spans older than VIGIL_SPAN_COMPACT_AFTER_HOURS that the rollup has
 * also passed (with its late-arrival margin), so the minutes rebuilt most often stay rows.
 */
export async function compactDueSpans(
  ctx: Ctx,
  signal?: AbortSignal,
): Promise<CompactResult & { olderThan: string | null }> {
  const rolledUntil = await readRolledUntil();
  if (!rolledUntil) return { blocks: 0, spans: 0, reclaimedDays: [], busy: false, olderThan: null };
  const olderThan = new Date(
    Math.min(
      Date.now() - env().VIGIL_SPAN_COMPACT_AFTER_HOURS * HOUR_MS,
      rolledUntil.getTime() - LATE_ARRIVAL_MINUTES * 60_000,
    ),
  );
  const result = await compactSpans(ctx, { olderThan, signal, maxSpans: SPANS_PER_RUN });
  return { ...result, olderThan: olderThan.toISOString() };
}
