import { beforeAll, describe, expect, it } from "vitest";
import { type AttributeAnomaly, attributeChanges, attributeWindows } from "@/lib/anomalies/attribute-changes";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { NEW_VERSION, type Regression, ingestRegression } from "@/test/regression-spans";

const HOUR = 3_600_000;
let regression: Regression;

beforeAll(async () => {
  regression = await ingestRegression(systemCtx("test"));
});

const anomaly = (overrides: Partial<AttributeAnomaly> = {}): AttributeAnomaly => ({
  service: regression.service,
  series: "latency",
  startedAt: new Date(regression.at),
  endedAt: new Date(regression.at + 30 * 60_000),
  expected: 100,
  stepMs: 5 * 60_000,
  ...overrides,
});

describe("attributeChanges", () => {
  it("names the new version as the change behind a latency episode, with its evidence", async () => {
    expect(await attributeChanges(pool(), anomaly())).toEqual([
      {
        kind: "attribute",
        rank: 1,
        summary: `service.version=${NEW_VERSION} in 100% of slow spans, 0% before`,
        score: 0.8,
        key: "service.version",
        value: NEW_VERSION,
        outlierShare: 1,
        inlierShare: 0,
        delta: 1,
        outliers: regression.slow,
        inliers: regression.before,
        sameSpans: [],
      },
    ]);
  });

  it("leaves the failing spans' status code out of an error episode", async () => {
    const changes = await attributeChanges(pool(), anomaly({ series: "errors", expected: 0.01 }));
    expect(changes.map((c) => [c.summary, c.outliers, c.sameSpans])).toEqual([
      [`service.version=${NEW_VERSION} in 100% of failing spans, 0% before`, regression.failing, []],
    ]);
  });

  it("compares all spans for a request-rate episode, up to now while it is open", async () => {
    const open = anomaly({ series: "requests", endedAt: null, expected: 1 });
    const changes = await attributeChanges(pool(), open, new Date(regression.at + 10 * 60_000));
    expect(changes.map((c) => [c.key, c.value, c.outliers])).toEqual([["service.version", NEW_VERSION, 20]]);
  });

  it("says nothing when the slow spans look like the baseline's", async () => {
    expect(await attributeChanges(pool(), anomaly({ service: regression.gateway }))).toEqual([]);
  });

  it("says nothing for cost, a latency without a usable expectation, or no window", async () => {
    expect(await attributeChanges(pool(), anomaly({ series: "cost" }))).toEqual([]);
    for (const expected of [Number.NaN, -1, Number.POSITIVE_INFINITY])
      expect(await attributeChanges(pool(), anomaly({ expected }))).toEqual([]);
    const ended = new Date(regression.at - 1);
    expect(await attributeChanges(pool(), anomaly({ endedAt: ended }))).toEqual([]);
    expect(await attributeChanges(pool(), anomaly({ startedAt: new Date(Number.NaN) }))).toEqual([]);
    expect(await attributeChanges(pool(), anomaly({ service: "ledger\u0000" }))).toEqual([]);
  });
});

describe("attributeWindows", () => {
  const start = new Date("2026-12-01T10:00:00Z");
  const now = new Date("2026-12-01T13:00:00Z");
  const iso = (w: ReturnType<typeof attributeWindows>) =>
    w && [w.baselineFrom, w.baselineTo, w.start, w.end].map((d) => d.toISOString().slice(11, 16));

  it("takes the episode's first hour and the hour before it", () => {
    const base = { service: "s", series: "latency" as const, startedAt: start, expected: 1, stepMs: 60_000 };
    expect(iso(attributeWindows({ ...base, endedAt: new Date(start.getTime() + 20 * 60_000) }, now))).toEqual([
      "09:00",
      "10:00",
      "10:00",
      "10:20",
    ]);
    expect(iso(attributeWindows({ ...base, endedAt: null }, now))).toEqual(["09:00", "10:00", "10:00", "11:00"]);
    expect(iso(attributeWindows({ ...base, endedAt: null }, new Date(start.getTime() + 5 * 60_000)))).toEqual([
      "09:00",
      "10:00",
      "10:00",
      "10:05",
    ]);
  });

  it("takes a whole step when the series' step is longer than an hour, and none for a bad step", () => {
    const base = { service: "s", series: "requests" as const, startedAt: start, expected: 1, endedAt: null };
    expect(iso(attributeWindows({ ...base, stepMs: 2 * HOUR }, now))).toEqual(["08:00", "10:00", "10:00", "12:00"]);
    expect(iso(attributeWindows({ ...base, stepMs: Number.NaN }, now))).toEqual(["09:00", "10:00", "10:00", "11:00"]);
    expect(attributeWindows({ ...base, stepMs: HOUR, endedAt: start }, now)).toBeNull();
  });
});
