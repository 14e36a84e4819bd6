import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { ingestMetrics } from "@/lib/metrics/ingest-metrics";
import { batch, ns, point, series } from "@/lib/metrics/test-points";
import { roleCtx, uniqueName } from "@/test/factories";
import { readMetricSeries } from "./read-metric-series";
import { scanWindow } from "./scan-anomalies";
import { watchMetric } from "./watch-metric";

// Fifteen days of OTLP points through the metrics receiver's own store, in June 2006 (no other
// test writes then): a watched gauge that jumps, a watched counter that restarts, an unwatched
// gauge that jumps. Only the first is an anomaly.

afterAll(closeDb);

const HOUR = 3_600_000;
const START = Date.parse("2006-06-01T00:00:00Z");
const DAYS = 15;
const END = START + DAYS * 24 * HOUR;
const jumpFrom = END - 8 * HOUR;
const jumped = (t: number) => t >= jumpFrom && t < jumpFrom + 3 * HOUR;
const iso = (t: number) => new Date(t).toISOString();
/** Every ten minutes of the fortnight. */
const times = Array.from({ length: (DAYS * 24 * 60) / 10 }, (_, i) => START + i * 600_000);

const daily = (t: number) => 1 + 0.2 * Math.sin((2 * Math.PI * (t % (24 * HOUR))) / (24 * HOUR));

async function ingest(points: ReturnType<typeof point>[]) {
  for (let i = 0; i < points.length; i += 5_000)
    await ingestMetrics(systemCtx("test"), batch(points.slice(i, i + 5_000)));
}

describe("anomalies on watched OTLP metrics", () => {
  it("finds a watched gauge's jump, not a counter's restart nor an unwatched metric", async () => {
    const service = uniqueName("metered");
    const [cpu, handled, memory] = ["cpu", "handled", "memory"].map(uniqueName);
    const resource = {
      serviceName: service,
      resourceAttributes: { "service.name": service, "deployment.environment.name": "prod" },
    };
    const gauge = series(cpu, `${service}-host`, resource);
    const unwatched = series(memory, `${service}-host`, resource);
    const counter = series(handled, `${service}-host`, {
      ...resource,
      kind: "sum",
      temporality: "cumulative",
      monotonic: true,
    });
    // The counter's process restarts four days before the end: a new start time, counting from 0.
    const restart = END - 4 * 24 * HOUR;
    let total = 0;
    await ingest(
      times.flatMap((t) => {
        if (t === restart) total = 0;
        total += 100 * daily(t);
        const start = t >= restart ? ns(iso(restart)) : ns(iso(START));
        return [
          point(gauge, iso(t), jumped(t) ? 0.95 : 0.4 * daily(t)),
          point(unwatched, iso(t), jumped(t) ? 9e9 : 1e9 * daily(t)),
          point(counter, iso(t), total, { startNs: start }),
        ];
      }),
    );
    await watchMetric(roleCtx("sre"), { metric: cpu });
    await watchMetric(roleCtx("sre"), { metric: handled });

    const read = await readMetricSeries(pool(), {
      from: new Date(START),
      to: new Date(END),
      stepMs: HOUR,
      metrics: [handled],
    });
    const increases = Array.from(read[0].series.values);
    // Six points of about 100 an hour each; the restart's hour counts from zero, not minus the old total.
    expect(read[0]).toMatchObject({ service, environment: "prod", metric: handled, counted: true });
    expect(Math.min(...increases.slice(1))).toBeGreaterThan(400);
    expect(Math.max(...increases)).toBeLessThan(800);

    const scan = await scanWindow(roleCtx("sre"), { scannedTo: END, stepMs: HOUR });
    expect(scan.failures).toEqual([]);
    const found = await pool().query<{ series: string; scope: string; environment: string; started_at: Date }>(
      "SELECT series, scope, environment, started_at FROM anomaly WHERE service = $1",
      [service],
    );
    expect(found.rows.map((row) => [row.series, row.scope, row.environment, row.started_at.getTime()])).toEqual([
      ["metric", cpu, "prod", jumpFrom],
    ]);
  });

  it("watches at most what it says, audited, and refuses bad names by field", async () => {
    const metric = uniqueName("watched");
    await expect(watchMetric(roleCtx("viewer"), { metric })).rejects.toMatchObject({ code: "forbidden" });
    expect(await watchMetric(roleCtx("sre"), { metric })).toEqual({ metric, watch: true });
    expect(await watchMetric(roleCtx("sre"), { metric, watch: false })).toEqual({ metric, watch: false });
    const audit = await pool().query("SELECT action FROM audit_entry WHERE target_id = $1 ORDER BY seq", [metric]);
    expect(audit.rows.map((row) => row.action)).toEqual(["anomaly.metric_watched", "anomaly.metric_unwatched"]);
    for (const bad of [
      { metric: "" },
      { metric: "x".repeat(256) },
      { metric: "a\u0000b" },
      { metric: "a\ud800" },
      { metric: 5 },
      {},
    ]) {
      await expect(watchMetric(roleCtx("sre"), bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(/^metric/),
      });
    }
    await expect(watchMetric(roleCtx("sre"), { metric, watch: "yes" })).rejects.toMatchObject({
      message: expect.stringMatching(/^watch/),
    });
  });
});
