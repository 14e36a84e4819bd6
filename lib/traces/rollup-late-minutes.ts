import type pg from "pg";
import { buildMinutes, type BuiltMinutes, contiguous, MINUTE_MS } from "./rollup-minutes";

/** Notes read per run at most (one per late batch and minute); more wait for the next run. */
const LATE_NOTES_PER_RUN = 50_000;

export interface LateMinutes extends BuiltMinutes {
  /** The minute ranges rebuilt, for their hours. */
  ranges: { from: number; to: number }[];
  rebuilt: number;
  expired: number;
}

/**
 * Rebuilds the minutes the receiver noted in span_late_minute (spans that arrived after the
 * rollup's redo window passed them), within the trace retention; older notes are dropped, their
 * spans are gone. Only the notes read are deleted: a note committed meanwhile (with spans this
 * rebuild may not have seen) stays for the next run.
 */
export async function rebuildLateMinutes(
  client: pg.PoolClient,
  window: { from: number; to: number },
  retentionDays: number,
): Promise<LateMinutes> {
  const expired = await client.query(
    "DELETE FROM span_late_minute WHERE minute < date_trunc('day', now()) - make_interval(days => $1)",
    [retentionDays],
  );
  const { rows } = await client.query<{ id: string; minute: Date }>(
    "SELECT id, minute FROM span_late_minute ORDER BY id LIMIT $1",
    [LATE_NOTES_PER_RUN],
  );
  const minutes = rows
    .map((row) => Math.floor(row.minute.getTime() / MINUTE_MS) * MINUTE_MS)
    .filter((minute) => minute < window.from || minute >= window.to);
  const result: LateMinutes = {
    serviceRows: 0,
    edgeRows: 0,
    skipped: [],
    ranges: [],
    rebuilt: 0,
    expired: expired.rowCount ?? 0,
  };
  for (const [from, to] of contiguous(
    [...new Set(minutes)].sort((a, b) => a - b),
    MINUTE_MS,
  )) {
    const built = await buildMinutes(client, from, to);
    result.serviceRows += built.serviceRows;
    result.edgeRows += built.edgeRows;
    result.skipped.push(...built.skipped);
    result.ranges.push({ from, to });
    result.rebuilt += (to - from) / MINUTE_MS;
  }
  await client.query("DELETE FROM span_late_minute WHERE id = ANY($1::bigint[])", [rows.map((row) => row.id)]);
  return result;
}
