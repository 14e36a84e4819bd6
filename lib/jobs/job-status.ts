import { pool } from "../db";
import { EXTERNAL_JOBS } from "./external-jobs";
import { JOBS, type JobDefinition } from "./registry";

type JobHealth = "ok" | "failing" | "late" | "pending";

export interface JobStatus {
  name: string;
  cron: string;
  description: string;
  feeds: string | null;
  /** What health calls a job with a frontier ("span rollups"); null for others. */
  progressLabel: string | null;
  lastStartedAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Rollups: how far their data is complete. */
  completeUntil: string | null;
  /** Seconds behind: now minus completeUntil for rollups, else since the last success; null before one. */
  lagSeconds: number | null;
  /** Lag past which the job is late. */
  lateAfterSeconds: number;
  /** failing: its last run failed; late: behind its schedule; pending: never succeeded yet. */
  status: JobHealth;
  detail: unknown;
}

export interface JobStateRow {
  name: string;
  last_started_at: Date | null;
  last_success_at: Date | null;
  last_error_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  detail: unknown;
}

/**
 * Minutes between runs of a five-field cron, for the forms the registry uses ("*", "*\/N", a
 * fixed minute or hour); anything else is taken as daily, the loosest reading.
 */
export function cronIntervalMinutes(cron: string): number {
  const [minute, hour, ...rest] = cron.trim().split(/\s+/);
  if (rest.length !== 3 || rest.some((field) => field !== "*")) return 1440;
  const step = (field: string) => (field === "*" ? 1 : /^\*\/\d+$/.test(field) ? Number(field.slice(2)) : null);
  const minuteStep = step(minute);
  const hourStep = step(hour);
  if (hour === "*") return minuteStep ?? 60;
  if (hourStep !== null && /^\d+$/.test(minute)) return hourStep * 60;
  return 1440;
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** A job's status at `now` from its job_state row and, for rollups, how far they are complete. */
export function jobStatusOf(
  job: Omit<JobDefinition, "run">,
  row: JobStateRow | undefined,
  completeUntil: Date | null,
  now: Date,
): JobStatus {
  // A job is late when it missed two runs and five minutes more; rollups when their data lags.
  const lateAfterSeconds = job.progress
    ? job.progress.lateAfterMinutes * 60
    : (2 * cronIntervalMinutes(job.cron) + 5) * 60;
  const since = job.progress ? completeUntil : (row?.last_success_at ?? null);
  const lagSeconds = since ? Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) : null;
  const failures = row?.consecutive_failures ?? 0;
  const status: JobHealth =
    failures > 0 ? "failing" : lagSeconds === null ? "pending" : lagSeconds > lateAfterSeconds ? "late" : "ok";
  return {
    name: job.name,
    cron: job.cron,
    description: job.description,
    feeds: job.feeds ?? null,
    progressLabel: job.progress?.label ?? null,
    lastStartedAt: iso(row?.last_started_at),
    lastSuccessAt: iso(row?.last_success_at),
    lastErrorAt: iso(row?.last_error_at),
    lastError: row?.last_error ?? null,
    consecutiveFailures: failures,
    completeUntil: iso(completeUntil),
    lagSeconds,
    lateAfterSeconds,
    status,
    detail: row?.detail ?? null,
  };
}

/** Every registered job's status (and the external ones'), read from job_state; no permission check (callers do it). */
export async function readJobStatuses(now = new Date()): Promise<JobStatus[]> {
  const jobs = [...JOBS, ...EXTERNAL_JOBS];
  const { rows } = await pool().query<JobStateRow>("SELECT * FROM job_state WHERE name = ANY($1)", [
    jobs.map((job) => job.name),
  ]);
  const byName = new Map(rows.map((row) => [row.name, row]));
  return Promise.all(
    jobs.map(async (job) =>
      jobStatusOf(job, byName.get(job.name), job.progress ? await job.progress.completeUntil() : null, now),
    ),
  );
}
