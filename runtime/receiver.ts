import cluster from "node:cluster";
import os from "node:os";
import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { startTelemetry } from "@/lib/telemetry-sdk";
import { createReceiver } from "@/collectors/otlp/receiver";

// The OTLP/HTTP receiver, started by `npm start` (or on its own with DATABASE_URL set). Decoding
// is CPU-bound JavaScript, so several processes share the port (node:cluster).
function primary() {
  const workers = env().VIGIL_OTLP_WORKERS ?? Math.max(1, Math.floor(os.availableParallelism() / 2));
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  const listening = new Set<number>();
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    if (!listening.has(worker.id)) {
      // It never served (bad settings, port taken): restarting would only fail again.
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exit(1);
    }
    console.error(`vigil collector: worker ${worker.process.pid} exited (code ${code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    Promise.all(
      Object.values(cluster.workers ?? {}).map((worker) => new Promise((resolve) => worker?.once("exit", resolve))),
    ).then(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
}

async function worker() {
  const settings = env();
  const telemetry = startTelemetry("vigil-collector");
  const receiver = createReceiver({
    port: settings.VIGIL_OTLP_PORT,
    host: settings.VIGIL_HOST,
    maxBodyBytes: settings.VIGIL_OTLP_MAX_BODY_MB * 1024 * 1024,
    retentionDays: settings.VIGIL_TRACE_RETENTION_DAYS,
    metricsRetentionDays: settings.VIGIL_METRICS_RETENTION_DAYS,
    apiKeyHeader: settings.VIGIL_OTLP_API_KEY_HEADER,
    maxInFlight: settings.VIGIL_OTLP_MAX_IN_FLIGHT,
    bodyTimeoutMs: settings.VIGIL_OTLP_BODY_TIMEOUT_S * 1000,
  });
  const port = await receiver.listen();
  if (cluster.worker?.id === 1) console.log(`OTLP/HTTP receiver listening on :${port} (POST /v1/traces, /v1/metrics)`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Requests being stored finish first: what was acknowledged is committed.
    await receiver.close();
    await telemetry?.shutdown();
    await closeDb();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop());
}

const main = async () => (cluster.isPrimary ? primary() : worker());

main().catch((err: unknown) => {
  console.error(`vigil collector: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
