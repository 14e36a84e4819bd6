import type { Ctx } from "../context";
import { pool } from "../db";
import { addDays, utcDay } from "../time";
import { allocateCosts } from "./allocate-costs";
import type { AllocateResult } from "./schemas";

/** Days a late export or late spans may still change: reallocated on every run. */
export const REALLOCATION_DAYS = 35;

/**
 * The worker's allocation: the last REALLOCATION_DAYS days (telemetry and restated bills), plus the
 * billing periods of every import that landed since the last allocation, however old.
 */
export async function allocateRecent(ctx: Ctx): Promise<AllocateResult[]> {
  const tomorrow = addDays(utcDay(new Date()), 1);
  const windows = [{ from: addDays(tomorrow, -REALLOCATION_DAYS), to: tomorrow }];
  const { rows } = await pool().query<{ from: string; to: string }>(
    `SELECT (period_start AT TIME ZONE 'UTC')::date::text AS from, ((period_end AT TIME ZONE 'UTC')::date + 1)::text AS to
     FROM billing_import
     WHERE status = 'succeeded' AND created_at > COALESCE((SELECT max(computed_at) FROM cost_allocation), '-infinity')
       AND period_start < $1::date`,
    [windows[0].from],
  );
  for (const row of rows) windows.push({ from: row.from, to: row.to < windows[0].from ? row.to : windows[0].from });
  const results: AllocateResult[] = [];
  for (const window of windows) results.push(await allocateCosts(ctx, window));
  return results;
}
