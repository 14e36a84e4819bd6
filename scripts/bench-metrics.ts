import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { readDailyMetrics } from "@/lib/metrics/read-daily-metrics";
import { createReceiver } from "@/collectors/otlp/receiver";
import { MetricsRequestType } from "@/collectors/otlp/metrics-decode";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `node --import tsx scripts/bench-metrics.ts [seconds] [clients] [hostsPerRequest]`: OTLP
// protobuf metrics as the Collector's hostmetrics receiver sends them (per host: CPU utilization
// by cpu and state, network bytes by direction), from concurrent clients into an in-process
// receiver; then readDailyMetrics over everything stored. Prints one summary line. The bodies are
// built first (each client its hosts, a minute apart), so the clients spend no CPU encoding.

const seconds = Number(process.argv[2] ?? 15);
const clients = Number(process.argv[3] ?? 8);
const hostsPerRequest = Number(process.argv[4] ?? 20);
const STATES = ["idle", "user", "system", "wait"];
const CPUS = 4;
const BODIES_PER_CLIENT = 120;

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One request: `hostsPerRequest` hosts, each 16 CPU points and 2 network points, at `atNs`. */
function body(first: number, atNs: bigint): { bytes: Buffer; points: number } {
  const time = String(atNs);
  const resourceMetrics = Array.from({ length: hostsPerRequest }, (_, h) => ({
    resource: { attributes: [text("host.id", `i-${(first + h).toString(16).padStart(8, "0")}`)] },
    scopeMetrics: [
      {
        metrics: [
          {
            name: "system.cpu.utilization",
            gauge: {
              dataPoints: STATES.flatMap((state) =>
                Array.from({ length: CPUS }, (_, cpu) => ({
                  timeUnixNano: time,
                  asDouble: Math.random() / 4,
                  attributes: [text("cpu", `cpu${cpu}`), text("state", state)],
                })),
              ),
            },
          },
          {
            name: "system.network.io",
            sum: {
              aggregationTemporality: 2,
              isMonotonic: true,
              dataPoints: ["receive", "transmit"].map((direction) => ({
                timeUnixNano: time,
                startTimeUnixNano: String(atNs - 3_600_000_000_000n),
                asInt: String(Number(atNs / 1_000_000_000n) % 1_000_000),
                attributes: [text("direction", direction)],
              })),
            },
          },
        ],
      },
    ],
  }));
  const bytes = Buffer.from(MetricsRequestType.encode(MetricsRequestType.fromObject({ resourceMetrics })).finish());
  return { bytes, points: hostsPerRequest * (STATES.length * CPUS + 2) };
}

runWithThrowawayDatabase("bench-metrics", async () => {
  const ctx = systemCtx("bench");
  const { key } = await createApiKey(ctx, { name: "bench", scopes: ["ingest:traces"] });
  const receiver = createReceiver({ port: 0, host: "127.0.0.1", maxBodyBytes: 64 << 20, retentionDays: 15 });
  const url = `http://127.0.0.1:${await receiver.listen()}/v1/metrics`;
  const started = Date.now();
  const bodies = Array.from({ length: clients }, (_, c) =>
    Array.from({ length: BODIES_PER_CLIENT }, (_, round) =>
      body(c * 1_000_000, BigInt(started - round * 60_000) * 1_000_000n),
    ),
  );
  const ingestStarted = Date.now();
  const until = ingestStarted + seconds * 1000;
  let points = 0;
  let refused = 0;
  await Promise.all(
    bodies.map(async (mine) => {
      for (let round = 0; Date.now() < until; round++) {
        const request = mine[round % mine.length];
        const response = await fetch(url, {
          method: "POST",
          body: request.bytes as BodyInit,
          headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` },
        });
        await response.arrayBuffer();
        if (response.status === 200) points += request.points;
        else refused += 1;
      }
    }),
  );
  const ingestSeconds = (Date.now() - ingestStarted) / 1000;
  await receiver.close();
  const readStarted = performance.now();
  const { rows } = await readDailyMetrics(ctx, {
    metrics: ["system.cpu.utilization"],
    where: { state: ["idle"] },
    from: new Date(started - 3 * 86_400_000),
    to: new Date(started + 86_400_000),
    maxResources: 10_000,
  });
  const readMs = performance.now() - readStarted;
  console.log(
    `metrics: ${Math.round(points / ingestSeconds)} points/s (${points} points, ${clients} clients, ${refused} refused), ` +
      `readDailyMetrics ${readMs.toFixed(0)} ms for ${rows.length} rows`,
  );
});
