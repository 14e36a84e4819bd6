import PgBoss from "pg-boss";
import { systemCtx } from "../context";
import { readDatabaseUrl } from "../env";
import { withSpan } from "../telemetry";
import { JOBS, type JobDefinition } from "./registry";

export const JOB_SCHEMA = "pgboss";

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Runs every registered job on a pg-boss queue in PostgreSQL. Any number of workers may run:
 * pg-boss hands each job to one of them (SKIP LOCKED) and fires each cron tick once.
 */
export async function runWorker(log: (line: string) => void): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: readDatabaseUrl(),
    schema: JOB_SCHEMA,
    application_name: "vigil-worker",
    max: 4,
  });
  boss.on("error", (err: Error) => log(`job queue error: ${err.message}`));
  await boss.start();
  for (const job of JOBS) await register(boss, job, log);
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

async function register(boss: PgBoss, job: JobDefinition, log: (line: string) => void): Promise<void> {
  await boss.createQueue(job.name, { name: job.name, policy: "singleton", retryLimit: 3, retryDelay: 30 });
  await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
  await boss.work(job.name, { pollingIntervalSeconds: 2 }, async ([item]) => {
    const started = Date.now();
    await withSpan(`job ${job.name}`, { "vigil.job.id": item.id }, () => job.run(systemCtx(`worker:${job.name}`)));
    log(`${job.name} done in ${Date.now() - started} ms`);
  });
  if (job.runAtStart) await boss.send(job.name, {}, { singletonKey: job.name });
}
