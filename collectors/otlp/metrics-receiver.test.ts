import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as HttpJsonExporter,
} from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDailyMetrics, type DailyMetricRow } from "@/lib/metrics/read-daily-metrics";
import { roleCtx, uniqueName } from "@/test/factories";
import { metricsReceiver } from "./metrics-test-requests";
import type { Receiver } from "./receiver";
import { ingestKey } from "./test-requests";

// The receiver fed by the real OpenTelemetry JS SDK metrics exporters (http/protobuf and
// http/json), read back through the verb the zombie scan calls.

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  ({ receiver, url } = await metricsReceiver());
  key = await ingestKey(["ingest:traces"]);
});

afterAll(() => receiver.close());

/** A host as the hostmetrics receiver and an app would report it: CPU, network bytes, latency; exported three times. */
async function runHost(host: string, exporter: PushMetricExporter) {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "checkout", "host.id": host }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 600_000 })],
  });
  const meter = provider.getMeter("metrics-receiver-test");
  let idle = 0.97;
  meter.createObservableGauge("system.cpu.utilization", { unit: "1" }).addCallback((result) => {
    result.observe(idle, { cpu: "cpu0", state: "idle" });
    result.observe(1 - idle, { cpu: "cpu0", state: "user" });
  });
  const network = meter.createCounter("system.network.io", { unit: "By" });
  const latency = meter.createHistogram("http.server.request.duration", {
    unit: "s",
    advice: { explicitBucketBoundaries: [0.1, 1] },
  });
  network.add(1000, { device: "eth0", direction: "receive" });
  network.add(300, { device: "eth0", direction: "transmit" });
  for (const seconds of [0.05, 0.5, 2]) latency.record(seconds);
  await provider.forceFlush();
  idle = 0.93;
  network.add(500, { device: "eth0", direction: "receive" });
  latency.record(0.2);
  await provider.forceFlush();
  await provider.shutdown();
}

async function read(host: string, metric: string, where?: Record<string, string[]>) {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const { rows } = await readDailyMetrics(roleCtx("viewer"), {
    metrics: [metric],
    from: new Date(today.getTime() - 86_400_000),
    to: new Date(today.getTime() + 86_400_000),
    resourceIds: [host],
    where,
  });
  return rows;
}

const total = (rows: DailyMetricRow[], field: "increase" | "count" | "sum") =>
  rows.reduce((sum, row) => sum + (row[field] ?? 0), 0);

async function expectHost(host: string) {
  const cpu = await read(host, "system.cpu.utilization", { state: ["idle"] });
  expect(cpu.length).toBeGreaterThan(0);
  expect(cpu[0]).toMatchObject({ resourceId: host, serviceName: "checkout", min: 0.93, max: 0.97, increase: null });
  expect(total(await read(host, "system.network.io", { direction: ["receive"] }), "increase")).toBe(1500);
  expect(total(await read(host, "system.network.io"), "increase")).toBe(1800);
  const latency = await read(host, "http.server.request.duration");
  expect(total(latency, "count")).toBe(4);
  expect(total(latency, "sum")).toBeCloseTo(2.75, 9);
  expect(latency[0]).toMatchObject({ min: 0.05, max: 2 });
}

describe("the metrics receiver fed by the OpenTelemetry SDK", () => {
  it("stores what the SDK's http/protobuf exporter sends (cumulative), read per day by readDailyMetrics", async () => {
    const host = uniqueName("i-proto");
    await runHost(host, new ProtoExporter({ url, headers: { authorization: `Bearer ${key}` } }));
    await expectHost(host);
  });

  it("stores what the SDK's http/json exporter sends (delta), to the same numbers", async () => {
    const host = uniqueName("i-json");
    const exporter = new HttpJsonExporter({
      url,
      headers: { authorization: `Bearer ${key}` },
      temporalityPreference: AggregationTemporalityPreference.DELTA,
    });
    await runHost(host, exporter);
    await expectHost(host);
  });

  it("refuses the SDK's export without a key, and stores nothing of it", async () => {
    const host = uniqueName("i-nokey");
    await runHost(host, new ProtoExporter({ url }));
    expect(await read(host, "system.network.io")).toEqual([]);
  });
});
