import { closeDb } from "@/lib/db";
import { runWorker } from "@/lib/jobs/run-worker";
import { startTelemetry } from "@/lib/telemetry-sdk";

// The worker process: scheduled jobs on the Postgres job queue. `npm start` runs one; run more
// (`node --import tsx runtime/worker.ts` with DATABASE_URL) to share the load.
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
// Job failures go to stderr: worker.log has them, and `npm start` shows them on its console too.
const logError = (line: string) => console.error(`${new Date().toISOString()} ${line}`);
const telemetry = startTelemetry("worker");
const worker = await runWorker(log, logError);
log("worker ready");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: finishing running jobs`);
  await worker.stop();
  await closeDb();
  await telemetry?.shutdown();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
