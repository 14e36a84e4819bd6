import type pg from "pg";
import { buildMinutes, type BuiltMinutes, contiguous, MINUTE_MS } from "./rollup-minutes";

/** Late minutes rebuilt per run at most; more wait for the next run, oldest first. */
const LATE_MINUTES_PER_RUN = 1440;

export interface LateMinutes extends BuiltMinutes {
  /** The minute ranges rebuilt, for their hours. */
  ranges: { from: number; to: number }[];
  rebuilt: number;
  expired: number;
}

/**
 * Rebuilds the minutes the receiver noted in span_late_minute (spans that arrived after the
 * rollup's redo window passed them), within the trace retention; older notes are dropped, their
 * spans are gone. A note is deleted only as it was read: one the receiver renewed meanwhile
 * (a new noted_at) stays for the next run, so its spans are counted then.
 */
export async function rebuildLateMinutes(client: pg.PoolClient, window: { from: number; to: number }, retentionDays: number): Promise<LateMinutes> {
  const expired = await client.query("DELETE FROM span_late_minute WHERE minute < date_trunc('day', now()) - make_interval(days => $1)", [retentionDays]);
  const { rows } = await client.query<{ minute: Date; exact: string; noted_at: string }>(
    "SELECT minute, minute::text AS exact, noted_at::text AS noted_at FROM span_late_minute ORDER BY minute LIMIT $1",
    [LATE_MINUTES_PER_RUN],
  );
  const minutes = rows
    .map((row) => Math.floor(row.minute.getTime() / MINUTE_MS) * MINUTE_MS)
    .filter((minute) => minute < window.from || minute >= window.to);
  const result: LateMinutes = { serviceRows: 0, edgeRows: 0, skipped: [], ranges: [], rebuilt: 0, expired: expired.rowCount ?? 0 };
  for (const [from, to] of contiguous([...new Set(minutes)].sort((a, b) => a - b), MINUTE_MS)) {
    const built = await buildMinutes(client, from, to);
    result.serviceRows += built.serviceRows;
    result.edgeRows += built.edgeRows;
    result.skipped.push(...built.skipped);
    result.ranges.push({ from, to });
    result.rebuilt += (to - from) / MINUTE_MS;
  }
  await client.query(
    `DELETE FROM span_late_minute l USING unnest($1::timestamptz[], $2::timestamptz[]) AS r(minute, noted_at)
     WHERE l.minute = r.minute AND l.noted_at = r.noted_at`,
    [rows.map((row) => row.exact), rows.map((row) => row.noted_at)],
  );
  return result;
}
