import { db } from "../db";
import { env } from "../env";
import { type JobStatus, readJobStatuses } from "../jobs/job-status";

export interface Health {
  status: "ok" | "degraded" | "unavailable";
  database: "embedded" | "external";
  /** Why it is degraded: which screens are stale and since when; never an error's text. */
  reason?: string;
}

/** Runs failed in a row before a job counts as failing for health (one may be a blip: a restart). */
const FAILED_RUNS_FOR_DEGRADED = 2;
/** With no job recorded at all, the worker has had this long since this process started. */
export const WORKER_GRACE_SECONDS = 10 * 60;

const minutes = (seconds: number) => Math.round(seconds / 60);

/**
 * Why the screens are stale, or null. Only jobs that feed the screens count; a job that has not
 * run yet (a fresh install) does not, unless no job at all has run within WORKER_GRACE_SECONDS of
 * this process starting: then no worker is running.
 */
export function degradedReason(jobs: JobStatus[], uptimeSeconds: number): string | null {
  const reasons: string[] = [];
  for (const job of jobs) {
    if (!job.feeds) continue;
    const late = job.lagSeconds !== null && job.lagSeconds > job.lateAfterSeconds;
    if (late && job.progressLabel) {
      reasons.push(
        `${job.progressLabel} are ${minutes(job.lagSeconds ?? 0)} minutes behind (complete until ${job.completeUntil}): ${job.feeds} are stale`,
      );
    }
    if (job.consecutiveFailures >= FAILED_RUNS_FOR_DEGRADED) {
      reasons.push(`${job.name} has failed its last ${job.consecutiveFailures} runs: ${job.feeds} may be stale`);
    } else if (late && !job.progressLabel) {
      reasons.push(
        `${job.name} last succeeded ${minutes(job.lagSeconds ?? 0)} minutes ago (${job.cron}): ${job.feeds} may be stale`,
      );
    }
  }
  if (jobs.every((job) => !job.lastStartedAt && !job.completeUntil) && uptimeSeconds > WORKER_GRACE_SECONDS) {
    reasons.push(
      `no worker job has run in the ${minutes(uptimeSeconds)} minutes since Vigil started: is the worker running?`,
    );
  }
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/**
 * Ready means the database answers (else unavailable, 503); degraded (still 200) means it answers
 * but a job that feeds the screens is failing or behind. The mode says whether Vigil runs its own PostgreSQL.
 */
export async function getHealth(): Promise<Health> {
  const database = env().VIGIL_DATABASE_MODE ?? "external";
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    return { status: "unavailable", database };
  }
  const reason = await readJobStatuses().then(
    (jobs) => degradedReason(jobs, process.uptime()),
    () => "the worker jobs' state could not be read",
  );
  return reason ? { status: "degraded", database, reason } : { status: "ok", database };
}
