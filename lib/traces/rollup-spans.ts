import type pg from "pg";
import { SPAN_ROLLUP_LOCK } from "../advisory-locks";
import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import { env } from "../env";
import { withSpan } from "../telemetry";
import { rebuildLateMinutes } from "./rollup-late-minutes";
import { buildHours, buildMinutes, MINUTE_MS, type SkippedMinute } from "./rollup-minutes";

/** Spans may arrive this late and still be counted: every run redoes these minutes. */
export const LATE_ARRIVAL_MINUTES = 15;
const MAX_WINDOW_MS = 24 * 3_600_000;

export interface RollupResult {
  from: string;
  to: string;
  minutes: number;
  serviceRows: number;
  edgeRows: number;
  /** Minutes of span_late_minute rebuilt by this run. */
  lateMinutes: number;
  /** Minutes the data made impossible to build; the rollup moved past them. */
  skipped: SkippedMinute[];
}

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/**
 * The next window of a scheduled run: from a little before where the last run stopped (late
 * spans) up to now, at most a day at a time so a worker that was down catches up over runs, and
 * never before the trace retention (those spans are gone).
 */
async function nextWindow(client: pg.PoolClient): Promise<{ from: number; to: number }> {
  const rolledUntil = await readRolledUntil(client);
  const now = floorMinute(Date.now()) + MINUTE_MS;
  const retained = now - env().VIGIL_TRACE_RETENTION_DAYS * 86_400_000;
  const resume = (rolledUntil?.getTime() ?? now) - LATE_ARRIVAL_MINUTES * MINUTE_MS;
  const from = floorMinute(Math.max(resume, retained));
  return { from, to: Math.min(now, from + MAX_WINDOW_MS) };
}

/** How far the scheduled rollups are complete; null before their first run. */
export async function readRolledUntil(client: pg.Pool | pg.PoolClient = pool()): Promise<Date | null> {
  const { rows } = await client.query<{ rolled_until: Date }>(
    "SELECT rolled_until FROM span_rollup_state WHERE id = 1",
  );
  return rows[0]?.rolled_until ?? null;
}

/**
 * Rebuilds the per-minute service RED and edge rollups for [from, to), and their hours, in one
 * transaction so a reader never sees a half-built minute (lib/traces/rollup-sql.ts says what is
 * counted). A scheduled run (no window) also rebuilds the minutes noted late and advances
 * span_rollup_state, past minutes it could not build too: those are in `skipped`.
 */
export async function rollupSpans(ctx: Ctx, window?: { from: Date; to: Date }): Promise<RollupResult> {
  authorize(ctx, "ingest:traces");
  return withSpan("rollupSpans", {}, () =>
    sqlTransaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [SPAN_ROLLUP_LOCK]);
      const { from, to } = window
        ? { from: floorMinute(window.from.getTime()), to: floorMinute(window.to.getTime() + 59_999) }
        : await nextWindow(client);
      const built = await buildMinutes(client, from, to);
      const late = window ? null : await rebuildLateMinutes(client, { from, to }, env().VIGIL_TRACE_RETENTION_DAYS);
      await buildHours(client, [{ from, to }, ...(late?.ranges ?? [])]);
      if (!window) {
        await client.query(
          `INSERT INTO span_rollup_state (id, rolled_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET rolled_until = GREATEST(span_rollup_state.rolled_until, EXCLUDED.rolled_until)`,
          [new Date(to)],
        );
      }
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        minutes: (to - from) / MINUTE_MS,
        serviceRows: built.serviceRows + (late?.serviceRows ?? 0),
        edgeRows: built.edgeRows + (late?.edgeRows ?? 0),
        lateMinutes: late?.rebuilt ?? 0,
        skipped: [...built.skipped, ...(late?.skipped ?? [])],
      };
    }),
  );
}
