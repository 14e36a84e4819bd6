import { closeDb } from "@/lib/db";
import { env } from "@/lib/env";
import { startTelemetry } from "@/lib/telemetry-sdk";
import { createReceiver } from "./receiver";

// The OTLP/HTTP receiver process, started by `npm start` (or on its own with DATABASE_URL set).
async function main() {
  const settings = env();
  const telemetry = startTelemetry("vigil-collector");
  const receiver = createReceiver({
    port: settings.VIGIL_OTLP_PORT,
    maxBodyBytes: settings.VIGIL_OTLP_MAX_BODY_MB * 1024 * 1024,
    retentionDays: settings.VIGIL_TRACE_RETENTION_DAYS,
    apiKeyHeader: settings.VIGIL_OTLP_API_KEY_HEADER,
  });
  const port = await receiver.listen();
  console.log(`OTLP/HTTP receiver listening on :${port} (POST /v1/traces)`);
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

main().catch((err: unknown) => {
  console.error(`vigil collector: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
