import { pool } from "@/lib/db";
import type { Ctx } from "@/lib/context";
import { compactSpans, daysHoldingSpace } from "@/lib/traces/compact-spans";
import { utcDay } from "@/lib/time";

// bench:query's compaction: everything older than an hour into blocks, the first whole UTC day of
// the data timed alone (the target: a day of the 10M bench, 1.43M spans, in under 60 s).

const DAY_MS = 86_400_000;

export interface CompactionRun {
  spans: number;
  seconds: number;
  day: string;
  daySpans: number;
  daySeconds: number;
  reclaimedDays: string[];
  /** How long the emptied days waited for autovacuum before they could be truncated. */
  reclaimWaitSeconds: number;
}

async function timedCompaction(ctx: Ctx, olderThan: number) {
  const started = performance.now();
  // No reader runs beside the bench: a day's emptied rows are given back at once.
  const result = await compactSpans(ctx, { olderThan: new Date(olderThan), settleMs: 0 });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** Ended days whose row partitions still take space. */
async function unreclaimedDays(before: number): Promise<number> {
  const day = utcDay(new Date(before));
  return (await daysHoldingSpace(pool())).filter((held) => held < day).length;
}

/**
 * Compacting 7 days at once leaves gigabytes of deleted rows that autovacuum starts on at once, and
 * a partition autovacuum holds is not truncated (the worker's job simply tries again 5 minutes
 * later). The bench retries every 2 s for up to 10 minutes, so the reads are timed as the product
 * settles: emptied days given back and no vacuum running beside them.
 */
async function reclaimRest(ctx: Ctx, cutoff: number): Promise<{ days: string[]; seconds: number }> {
  const started = performance.now();
  const days: string[] = [];
  const lastEnded = Math.floor(cutoff / DAY_MS) * DAY_MS;
  while ((await unreclaimedDays(lastEnded)) > 0 && performance.now() - started < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    days.push(...(await compactSpans(ctx, { olderThan: new Date(cutoff), settleMs: 0 })).reclaimedDays);
  }
  return { days, seconds: (performance.now() - started) / 1000 };
}

/** Compacts the part day before the first midnight, then the first whole day alone, then the rest. */
export async function compactAll(ctx: Ctx, start: number, now: number): Promise<CompactionRun> {
  const dayStart = Math.ceil(start / DAY_MS) * DAY_MS;
  const cutoff = now - 3_600_000;
  if (dayStart + DAY_MS > cutoff) throw new Error("the data holds no whole day older than an hour");
  const before = await timedCompaction(ctx, dayStart);
  const day = await timedCompaction(ctx, dayStart + DAY_MS);
  const rest = await timedCompaction(ctx, cutoff);
  const reclaimed = await reclaimRest(ctx, cutoff);
  const { rows } = await pool().query<{ n: string }>(
    "SELECT count(*)::text AS n FROM span WHERE start_time >= $1 AND start_time < $2",
    [new Date(dayStart), new Date(dayStart + DAY_MS)],
  );
  if (Number(rows[0].n) !== 0) console.warn(`warning: ${rows[0].n} spans of the first whole day were left as rows`);
  return {
    spans: before.spans + day.spans + rest.spans,
    seconds: before.seconds + day.seconds + rest.seconds,
    day: new Date(dayStart).toISOString().slice(0, 10),
    daySpans: day.spans,
    daySeconds: day.seconds,
    reclaimedDays: [...before.reclaimedDays, ...day.reclaimedDays, ...rest.reclaimedDays, ...reclaimed.days],
    reclaimWaitSeconds: reclaimed.seconds,
  };
}

export function compactionLine(run: CompactionRun): string {
  const rate = Math.round(run.spans / Math.max(run.seconds, 1e-9));
  return (
    `compaction: ${run.spans} spans in ${run.seconds.toFixed(1)} s (${rate} spans/s), ` +
    `day ${run.day} ${run.daySeconds.toFixed(1)} s; emptied days truncated after ${run.reclaimWaitSeconds.toFixed(0)} s more`
  );
}
