import type pg from "pg";
import { isDataError } from "../errors";
import { DAILY_SQL, DELETE_MINUTES_SQL, edgeMinutesSql, HOURLY_SQL, serviceMinutesSql } from "./rollup-sql";
import { rollupSource } from "./rollup-blocks";
import { blocksOverlap } from "./span-source";

export const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A minute the rollup could not build, and why; its earlier rollup rows are kept. */
export interface SkippedMinute {
  minute: string;
  error: string;
}

export interface BuiltMinutes {
  serviceRows: number;
  edgeRows: number;
  skipped: SkippedMinute[];
}

/**
 * Rebuilds [from, to): in one statement over rows, or an hour at a time where blocks hold spans of
 * it, so the block spans put beside the rows stay an hour's (minutes are summed independently).
 */
async function build(client: pg.PoolClient, from: number, to: number): Promise<BuiltMinutes> {
  for (const sql of DELETE_MINUTES_SQL) await client.query(sql, [new Date(from), new Date(to)]);
  const step = (await blocksOverlap(client, new Date(from - HOUR_MS), new Date(to + MINUTE_MS))) ? HOUR_MS : to - from;
  const built: BuiltMinutes = { serviceRows: 0, edgeRows: 0, skipped: [] };
  for (let at = from; at < to; at += step) {
    const range = [new Date(at), new Date(Math.min(to, at + step))];
    const source = await rollupSource(client, at, Math.min(to, at + step));
    built.serviceRows += (await client.query(serviceMinutesSql(source), range)).rowCount ?? 0;
    built.edgeRows += (await client.query(edgeMinutesSql(source), range)).rowCount ?? 0;
  }
  return built;
}

/** Runs work in a savepoint; a data error rolls back to it and is returned, anything else thrown. */
async function attempt<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  await client.query("SAVEPOINT rollup_attempt");
  try {
    const ok = await work();
    await client.query("RELEASE SAVEPOINT rollup_attempt");
    return { ok };
  } catch (error) {
    if (!isDataError(error)) throw error;
    await client.query("ROLLBACK TO SAVEPOINT rollup_attempt");
    return { error };
  }
}

/**
 * Rebuilds the per-minute rollups of [from, to) inside the caller's transaction. When the data
 * makes that fail, it builds minute by minute and skips the minutes that fail (keeping their
 * earlier rows), so one bad span costs one minute, never the rollup.
 */
export async function buildMinutes(client: pg.PoolClient, from: number, to: number): Promise<BuiltMinutes> {
  const whole = await attempt(client, () => build(client, from, to));
  if ("ok" in whole) return whole.ok;
  const built: BuiltMinutes = { serviceRows: 0, edgeRows: 0, skipped: [] };
  for (let minute = from; minute < to; minute += MINUTE_MS) {
    const one = await attempt(client, () => build(client, minute, minute + MINUTE_MS));
    if ("ok" in one) {
      built.serviceRows += one.ok.serviceRows;
      built.edgeRows += one.ok.edgeRows;
    } else {
      built.skipped.push({ minute: new Date(minute).toISOString(), error: (one.error as Error).message });
    }
  }
  return built;
}

/** The slots of `step` that hold these ranges, as sorted runs of consecutive slots. */
function slotRuns(ranges: { from: number; to: number }[], step: number): [number, number][] {
  const slots = new Set<number>();
  for (const { from, to } of ranges) {
    for (let slot = Math.floor(from / step) * step; slot < to; slot += step) slots.add(slot);
  }
  return contiguous(
    [...slots].sort((a, b) => a - b),
    step,
  );
}

/**
 * Sums the hours that hold these minute ranges again from their minutes, and the days that hold
 * those hours from their hours, so the three levels never disagree.
 */
export async function buildHours(client: pg.PoolClient, ranges: { from: number; to: number }[]): Promise<void> {
  const hours = slotRuns(ranges, HOUR_MS);
  for (const [from, to] of hours) {
    for (const sql of HOURLY_SQL) await client.query(sql, [new Date(from), new Date(to)]);
  }
  await buildDays(
    client,
    hours.map(([from, to]) => ({ from, to })),
  );
}

/** Sums the days that hold these ranges again from their hours (stored hours, or ones just rebuilt). */
export async function buildDays(client: pg.Pool | pg.PoolClient, ranges: { from: number; to: number }[]) {
  for (const [from, to] of slotRuns(ranges, DAY_MS)) {
    for (const sql of DAILY_SQL) await client.query(sql, [new Date(from), new Date(to)]);
  }
}

/** Sorted slot starts into [from, to) runs of consecutive slots. */
export function contiguous(starts: number[], step: number): [number, number][] {
  const runs: [number, number][] = [];
  for (const start of starts) {
    const last = runs[runs.length - 1];
    if (last && last[1] === start) last[1] = start + step;
    else if (!last || start >= last[1]) runs.push([start, start + step]);
  }
  return runs;
}
