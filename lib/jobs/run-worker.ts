import PgBoss from "pg-boss";
import { systemCtx } from "../context";
import { readDatabaseUrl } from "../env";
import { withSpan } from "../telemetry";
import { IncompleteRun } from "./incomplete-run";
import { recordJobFailure, recordJobStart, recordJobSuccess } from "./job-state";
import { JOBS, type JobDefinition } from "./registry";

export const JOB_SCHEMA = "pgboss";

export interface Worker {
  stop(): Promise<void>;
}

type Log = (line: string) => void;

/**
 * Runs every registered job on a pg-boss queue in PostgreSQL. Any number of workers may run:
 * pg-boss hands each job to one of them (SKIP LOCKED) and fires each cron tick once. Failures go
 * to logError (the worker's stderr, which `npm start` also shows on the console).
 */
export async function runWorker(
  log: Log,
  logError: Log = log,
  /** Jobs whose body lives outside lib/ (the agent's, from agents/), run beside JOBS. */
  extraJobs: readonly JobDefinition[] = [],
): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: readDatabaseUrl(),
    schema: JOB_SCHEMA,
    application_name: "vigil-worker",
    max: 4,
  });
  boss.on("error", (err: Error) => logError(`job queue error: ${err.message}`));
  await boss.start();
  // Tells long-running jobs (the notification drain loop) to finish early when the worker stops.
  const stopping = new AbortController();
  for (const job of [...JOBS, ...extraJobs]) await register(boss, job, log, logError, stopping.signal);
  return {
    async stop() {
      stopping.abort();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

async function register(boss: PgBoss, job: JobDefinition, log: Log, logError: Log, signal: AbortSignal) {
  await boss.createQueue(job.name, { name: job.name, policy: "singleton", retryLimit: 3, retryDelay: 30 });
  await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
  await boss.work(job.name, { pollingIntervalSeconds: 2 }, ([item]) => runJob(job, log, logError, item.id, signal));
  if (job.runAtStart) await boss.send(job.name, {}, { singletonKey: job.name });
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? `${err.message} (${code})` : err.message;
}

/**
 * One run of a job as the worker does it: recorded in job_state (start, then success or failure
 * with its error) and logged. A failure is thrown on so pg-boss retries it, except an
 * IncompleteRun, whose work is committed.
 */
export async function runJob(
  job: JobDefinition,
  log: Log,
  logError: Log = log,
  id = "direct",
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  try {
    await recordJobStart(job.name);
    const result = await withSpan(`job ${job.name}`, { "vigil.job.id": id }, () =>
      job.run(systemCtx(`worker:${job.name}`), signal),
    );
    await recordJobSuccess(job.name, result);
  } catch (err) {
    const error = describeError(err);
    const failures = await recordJobFailure(job.name, error, err instanceof IncompleteRun ? err.detail : null).catch(
      () => null,
    );
    logError(
      `${job.name} failed after ${Date.now() - started} ms${failures ? ` (${failures} in a row)` : ""}: ${error}`,
    );
    if (err instanceof IncompleteRun) return;
    throw err;
  }
  log(`${job.name} done in ${Date.now() - started} ms`);
}
