import { AGENT_JOBS } from "@/agents/propose";
import { importDrops } from "@/collectors/billing/watched-folder";
import { plugDropFolder } from "@/lib/costs/drop-folder";
import { closeDb } from "@/lib/db";
import { runWorker } from "@/lib/jobs/run-worker";
import { startTelemetry } from "@/lib/telemetry-sdk";

// The worker process: scheduled jobs on the Postgres job queue. `npm start` runs one; run more
// (`node --import tsx runtime/worker.ts` with DATABASE_URL) to share the load.
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
// Job failures go to stderr: worker.log has them, and `npm start` shows them on its console too.
const logError = (line: string) => console.error(`${new Date().toISOString()} ${line}`);
const telemetry = startTelemetry("worker");
plugDropFolder((ctx) => importDrops(ctx));
const worker = await runWorker(log, logError, AGENT_JOBS);
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

// Ctrl-C reaches PostgreSQL with the rest of `npm start`, so it can stop under a running job; the
// queue library then fails to record that job and rejects where nothing awaits it. Say so and stop
// cleanly instead of dying on a stack trace; any other unhandled rejection still ends the worker.
const DATABASE_STOPPING = new Set(["57P01", "57P03"]); // admin_shutdown, cannot_connect_now
process.on("unhandledRejection", (err) => {
  const code = (err as { code?: unknown } | null)?.code;
  if (stopping || (typeof code === "string" && DATABASE_STOPPING.has(code))) {
    logError(`database stopped under a running job (${err instanceof Error ? err.message : String(err)}); stopping`);
    void stop("database stopped");
    return;
  }
  logError(`unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
