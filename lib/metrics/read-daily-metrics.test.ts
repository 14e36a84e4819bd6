import { describe, expect, it } from "vitest";
import { roleCtx, uniqueName } from "@/test/factories";
import { systemCtx } from "../context";
import { ingestMetrics } from "./ingest-metrics";
import { readDailyMetrics } from "./read-daily-metrics";
import { batch, ns, point, series } from "./test-points";

// The daily aggregation over hand-made points, stored for real: gauges, delta and cumulative
// sums across resets, histograms, exactly-midnight points, filters and pages.

const system = systemCtx("test");
const reader = roleCtx("viewer");
const DAY = "2026-03-10";
const NEXT = "2026-03-11";
const window = { from: new Date(`${DAY}T00:00:00Z`), to: new Date("2026-03-13T00:00:00Z") };

async function daily(metric: string, extra: Record<string, unknown> = {}) {
  return (await readDailyMetrics(reader, { metrics: [metric], ...window, ...extra })).rows;
}

describe("readDailyMetrics", () => {
  it("averages a gauge per resource and UTC day over the points whose attributes match, midnight on the new day", async () => {
    const metric = uniqueName("system.cpu.utilization");
    const host = uniqueName("i");
    const idle = (cpu: string) => series(metric, host, { attributes: { cpu, state: "idle" } });
    const user = series(metric, host, { attributes: { cpu: "cpu0", state: "user" } });
    await ingestMetrics(
      system,
      batch([
        point(idle("cpu0"), `${DAY}T10:00:00Z`, 0.9),
        point(idle("cpu1"), `${DAY}T10:00:00Z`, 0.7),
        point(idle("cpu0"), ns(`${DAY}T23:59:59.999Z`, 999_999n), 0.5),
        point(idle("cpu0"), `${NEXT}T00:00:00Z`, 0.2),
        point(user, `${DAY}T10:00:00Z`, 0.1),
      ]),
    );
    expect(await daily(metric, { where: { state: ["idle"] } })).toEqual(
      [
        {
          resourceId: host,
          serviceName: null,
          metric,
          day: DAY,
          avg: 0.7,
          min: 0.5,
          max: 0.9,
          sum: 2.1,
          count: 3,
          increase: null,
        },
        {
          resourceId: host,
          serviceName: null,
          metric,
          day: NEXT,
          avg: 0.2,
          min: 0.2,
          max: 0.2,
          sum: 0.2,
          count: 1,
          increase: null,
        },
      ].map((row) => ({ ...row, avg: expect.closeTo(row.avg, 9), sum: expect.closeTo(row.sum, 9) })),
    );
    const all = await daily(metric);
    expect(all.map((row) => row.count)).toEqual([4, 1]);
    expect(await daily(metric, { where: { state: ["idle"], cpu: ["cpu1"] } })).toMatchObject([
      { day: DAY, count: 1, avg: 0.7 },
    ]);
  });

  it("gives a cumulative counter's increase per day across a reset (new start time), a midnight point and minutes merged", async () => {
    const metric = uniqueName("system.network.io");
    const host = uniqueName("i");
    const key = series(metric, host, {
      kind: "sum",
      temporality: "cumulative",
      monotonic: true,
      attributes: { direction: "receive" },
    });
    const longAgo = ns("2026-02-01T00:00:00Z");
    const restart = ns(`${DAY}T13:00:00Z`);
    const at = (time: string, value: number, startNs = longAgo) => point(key, time, value, { startNs });
    // Sent in two requests, the same minute in both and out of order: merged exactly.
    await ingestMetrics(
      system,
      batch([at(`${DAY}T10:00:00Z`, 100), at(`${DAY}T12:00:50Z`, 170), at(`${DAY}T13:00:30Z`, 5, restart)]),
    );
    await ingestMetrics(
      system,
      batch([
        at(`${DAY}T10:01:00Z`, 150),
        at(`${DAY}T12:00:10Z`, 160),
        at(`${DAY}T14:00:00Z`, 25, restart),
        at(`${NEXT}T00:00:00Z`, 40, restart),
        at(`${NEXT}T01:00:00Z`, 50, restart),
      ]),
    );
    // Day one: 50 + 20 before the restart, 5 + 20 after it (counted from zero); day two: 15 + 10.
    expect((await daily(metric)).map((row) => [row.day, row.increase])).toEqual([
      [DAY, 95],
      [NEXT, 25],
    ]);
    // A window starting on day two looks back to the last row before it: the same 25.
    const dayTwo = await readDailyMetrics(reader, {
      metrics: [metric],
      from: new Date(`${NEXT}T00:00:00Z`),
      to: window.to,
    });
    expect(dayTwo.rows.map((row) => [row.day, row.increase])).toEqual([[NEXT, 25]]);
  });

  it("counts a series born that day from zero, a value drop without a start time as a reset, and adds delta sums", async () => {
    const born = uniqueName("born");
    const host = uniqueName("i");
    const cumulative = { kind: "sum" as const, temporality: "cumulative" as const, monotonic: true };
    const bornKey = series(born, host, cumulative);
    const unknownStart = series(born, host, { ...cumulative, attributes: { device: "eth1" } });
    const deltaMetric = uniqueName("requests");
    const deltaKey = series(deltaMetric, host, { kind: "sum", temporality: "delta", monotonic: true });
    await ingestMetrics(
      system,
      batch([
        point(bornKey, `${DAY}T09:01:00Z`, 30, { startNs: ns(`${DAY}T09:00:00Z`) }),
        point(bornKey, `${DAY}T09:02:00Z`, 45, { startNs: ns(`${DAY}T09:00:00Z`) }),
        ...[10, 20, 3, 8].map((value, i) => point(unknownStart, `${DAY}T1${i}:00:00Z`, value)),
        point(deltaKey, `${DAY}T10:00:00Z`, 5),
        point(deltaKey, `${DAY}T10:00:30Z`, 7),
        point(deltaKey, `2026-03-12T10:00:00Z`, 1),
      ]),
    );
    // 45 (born that day) + 10 + 3 + 5 (the drop to 3 is a reset)
    expect(await daily(born)).toMatchObject([{ day: DAY, increase: 63, count: 6 }]);
    expect((await daily(deltaMetric)).map((row) => [row.day, row.increase, row.sum])).toEqual([
      [DAY, 12, 12],
      ["2026-03-12", 1, 1],
    ]);
  });

  it("adds delta histograms and takes a cumulative histogram's observations and sum as their increase", async () => {
    const metric = uniqueName("http.server.duration");
    const host = uniqueName("i");
    const delta = series(metric, host, { kind: "histogram", temporality: "delta", monotonic: true, bounds: [1, 5] });
    const cumulative = series(metric, host, {
      kind: "histogram",
      temporality: "cumulative",
      monotonic: true,
      attributes: { route: "/b" },
    });
    const start = ns("2026-02-01T00:00:00Z");
    await ingestMetrics(
      system,
      batch([
        point(delta, `${DAY}T10:00:00Z`, 3, { sum: 6, min: 1, max: 3, buckets: [1, 2, 0] }),
        point(delta, `${DAY}T10:00:20Z`, 2, { sum: 10, min: 4, max: 6, buckets: [0, 1, 1] }),
        point(cumulative, `${DAY}T10:00:00Z`, 100, { sum: 1000, startNs: start }),
        point(cumulative, `${DAY}T11:00:00Z`, 104, { sum: 1020, startNs: start }),
      ]),
    );
    expect(await daily(metric)).toMatchObject([{ day: DAY, count: 9, sum: 36, min: 1, max: 6, avg: 4, increase: 9 }]);
  });

  it("has no row for a day without points, pages by resource and filters resources", async () => {
    const metric = uniqueName("page");
    const hosts = ["a", "b", "c"].map((h) => uniqueName(h)).sort();
    await ingestMetrics(system, batch(hosts.map((host) => point(series(metric, host), `${DAY}T10:00:00Z`, 1))));
    const first = await readDailyMetrics(reader, { metrics: [metric], ...window, maxResources: 2 });
    expect(first.rows.map((row) => [row.resourceId, row.day])).toEqual([
      [hosts[0], DAY],
      [hosts[1], DAY],
    ]);
    expect(first.nextAfterResourceId).toBe(hosts[1]);
    const second = await readDailyMetrics(reader, {
      metrics: [metric],
      ...window,
      maxResources: 2,
      afterResourceId: hosts[1],
    });
    expect(second).toEqual({ rows: [expect.objectContaining({ resourceId: hosts[2] })], nextAfterResourceId: null });
    const only = await readDailyMetrics(reader, { metrics: [metric], ...window, resourceIds: [hosts[2]] });
    expect(only.rows.map((row) => row.resourceId)).toEqual([hosts[2]]);
    const quiet = await readDailyMetrics(reader, {
      metrics: [metric],
      from: window.to,
      to: new Date("2026-03-20T00:00:00Z"),
    });
    expect(quiet.rows).toEqual([]);
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const bad = async (input: Record<string, unknown>, field: RegExp) =>
      expect(readDailyMetrics(reader, { metrics: ["m"], ...window, ...input } as never)).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(field),
      });
    await bad({ metrics: [] }, /metrics/);
    await bad({ to: window.from }, /to/);
    await bad({ to: new Date("2030-01-01T00:00:00Z") }, /to/);
    await bad({ where: { "st\u0000ate": ["idle"] } }, /where/);
    await bad({ where: { state: ["\uD800"] } }, /where/);
    await bad({ maxResources: 0 }, /maxResources/);
    await expect(readDailyMetrics(systemCtx("x"), { metrics: ["m"], ...window })).resolves.toBeDefined();
  });
});
