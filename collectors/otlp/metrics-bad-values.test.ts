import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import {
  cumulativeSum,
  gauge,
  gaugePoint,
  metricsReceiver,
  metricsRequest,
  nowNs,
  sendMetrics,
  str,
} from "./metrics-test-requests";
import type { Receiver } from "./receiver";
import { ingestKey, type Json } from "./test-requests";

// Values a client can send that can not be stored as sent: each bad data point is rejected alone,
// counted in partial_success with a reason naming its field, and the good points beside it are
// stored; never a 500 and never a retryable answer that would block the good points.

let receiver: Receiver;
let url: string;
let key: string;

beforeAll(async () => {
  ({ receiver, url } = await metricsReceiver());
  key = await ingestKey(["ingest:traces"]);
});

afterAll(() => receiver.close());

const ENCODINGS = ["json", "protobuf"] as const;
const DAY_NS = 86_400_000_000_000n;

async function storedPoints(host: string): Promise<{ metric: string; points: number; attributes: Json }[]> {
  const { rows } = await pool().query(
    `SELECT s.metric, sum(p.points)::int AS points, s.attributes FROM metric_series s JOIN metric_point p ON p.series_id = s.id
     WHERE s.resource_id = $1 GROUP BY s.id ORDER BY s.metric, s.id`,
    [host],
  );
  return rows;
}

const histogram = (name: string, point: Json): Json => ({
  name,
  histogram: { aggregationTemporality: 1, dataPoints: [point] },
});

describe("metric values the store can not hold as sent", () => {
  it("rejects a gauge point that is NaN, infinite, valueless, at time 0, past 2262, two days ahead or past retention, and stores the good ones", async () => {
    for (const as of ENCODINGS) {
      const host = uniqueName(`i-time-${as}`);
      const now = nowNs();
      const at = (timeNs: bigint) => ({ ...gaugePoint(1), timeUnixNano: String(timeNs) });
      const first = await sendMetrics(
        url,
        key,
        metricsRequest(host, [
          gauge("g", [
            gaugePoint(1),
            { ...gaugePoint(0), asDouble: "NaN" },
            { ...gaugePoint(0), asDouble: "Infinity" },
          ]),
          gauge("g", [{ timeUnixNano: String(now) }, at(0n), at(2n ** 64n - 1n), gaugePoint(2)]),
        ]),
        as,
      );
      expect(first).toMatchObject({ status: 200, rejected: 5 });
      expect(first.message).toMatch(/metrics\[0\]\.gauge\.dataPoints\[1\]: asDouble is not a finite number/);
      expect(first.message).toMatch(/dataPoints\[2\]: asDouble is not a finite number/);
      expect(first.message).toMatch(/metrics\[1\]\.gauge\.dataPoints\[0\]: has neither asDouble nor asInt/);
      expect(first.message).toMatch(/dataPoints\[1\]: timeUnixNano is 0 \(unset\)/);
      expect(first.message).toMatch(/dataPoints\[2\]: timeUnixNano is past 2262/);
      const second = await sendMetrics(
        url,
        key,
        metricsRequest(host, [gauge("g", [at(now + 2n * DAY_NS), at(now - 40n * DAY_NS), at(now - 34n * DAY_NS)])]),
        as,
      );
      expect(second).toMatchObject({ status: 200, rejected: 2 });
      expect(second.message).toMatch(/dataPoints\[0\]: timeUnixNano is more than a day in the future/);
      expect(second.message).toMatch(/dataPoints\[1\]: timeUnixNano is before the 35-day retention window/);
      expect((await storedPoints(host)).reduce((n, row) => n + row.points, 0)).toBe(3);
    }
  });

  it("rejects negative monotonic sums, a start after the time, unspecified temporality and empty names, naming the field", async () => {
    for (const as of ENCODINGS) {
      const host = uniqueName(`i-sum-${as}`);
      const now = nowNs();
      const point = (value: string, startNs = now - 1000n) => ({
        timeUnixNano: String(now),
        startTimeUnixNano: String(startNs),
        asInt: value,
      });
      const answer = await sendMetrics(
        url,
        key,
        metricsRequest(host, [
          cumulativeSum("net", [point("5"), point("-3"), point("4", now + 1n)]),
          { name: "unset", sum: { dataPoints: [point("1"), point("2")], isMonotonic: true } },
          { ...cumulativeSum("", [point("1")]) },
        ]),
        as,
      );
      expect(answer).toMatchObject({ status: 200, rejected: 5 });
      expect(answer.message).toMatch(/metrics\[0\]\.sum\.dataPoints\[1\]: a monotonic sum's value is negative/);
      expect(answer.message).toMatch(/metrics\[0\]\.sum\.dataPoints\[2\]: startTimeUnixNano is after timeUnixNano/);
      expect(answer.message).toMatch(/metrics\[1\]: sum\.aggregationTemporality is unspecified/);
      expect(answer.message).toMatch(/metrics\[2\]: name is empty/);
      expect((await storedPoints(host)).map((row) => [row.metric, row.points])).toEqual([["net", 1]]);
    }
  });

  it("rejects histograms whose buckets do not match their bounds or count, or whose values are impossible", async () => {
    for (const as of ENCODINGS) {
      const host = uniqueName(`i-hist-${as}`);
      const at = String(nowNs());
      const base = { timeUnixNano: at, count: "3", sum: 6, explicitBounds: [1, 5], bucketCounts: ["1", "1", "1"] };
      const answer = await sendMetrics(
        url,
        key,
        metricsRequest(host, [
          histogram("h", base),
          histogram("h", { ...base, bucketCounts: ["1", "2"] }),
          histogram("h", { ...base, bucketCounts: ["1", "1", "2"] }),
          histogram("h", { ...base, explicitBounds: [5, 1] }),
          histogram("h", { ...base, min: 4, max: 2 }),
          histogram("h", { ...base, sum: "NaN" }),
        ]),
        as,
      );
      expect(answer).toMatchObject({ status: 200, rejected: 5 });
      expect(answer.message).toMatch(
        /metrics\[1\]\.histogram\.dataPoints\[0\]: bucketCounts has 2 entries for 2 explicitBounds; it needs 3/,
      );
      expect(answer.message).toMatch(/metrics\[2\].*bucketCounts add up to 4, not count 3/);
      expect(answer.message).toMatch(/metrics\[3\].*explicitBounds are not finite and strictly increasing/);
      expect(answer.message).toMatch(/metrics\[4\].*min is greater than max/);
      expect(answer.message).toMatch(/metrics\[5\].*sum is not a finite number/);
      expect((await storedPoints(host)).map((row) => row.points)).toEqual([1]);
    }
    const host = uniqueName("i-negative");
    const negative = { timeUnixNano: String(nowNs()), count: "-1" };
    const answer = await sendMetrics(url, key, metricsRequest(host, [histogram("h", negative)]), "json");
    expect(answer).toMatchObject({ status: 200, rejected: 1 });
    expect(answer.message).toMatch(/count is negative or not a whole number/);
  });

  it("stores NUL and lone surrogates as U+FFFD, rejects huge or too many attributes, and skips points flagged as having no value", async () => {
    for (const as of ENCODINGS) {
      const host = uniqueName(`i-text-${as}`);
      const many = Array.from({ length: 129 }, (_, i) => str(`k${i}`, "v"));
      const answer = await sendMetrics(
        url,
        key,
        metricsRequest(host, [
          gauge("na\u0000me", [gaugePoint(1, nowNs(), [str("st\u0000ate", "id\uD800le")])]),
          gauge("huge", [gaugePoint(1, nowNs(), [str("big", "x".repeat(5000))]), gaugePoint(1, nowNs(), many)]),
          gauge("gap", [{ ...gaugePoint(1), flags: 1 }]),
        ]),
        as,
      );
      expect(answer).toMatchObject({ status: 200, rejected: 2 });
      expect(answer.message).toMatch(/dataPoints\[0\]: attributes: attribute "big" is over 4096 characters/);
      expect(answer.message).toMatch(/dataPoints\[1\]: attributes: has 129 attributes; at most 128 are stored/);
      // protobufjs writes a lone surrogate as bytes that are not UTF-8: one U+FFFD per such byte.
      expect(await storedPoints(host)).toEqual([
        { metric: "na\uFFFDme", points: 1, attributes: { "st\uFFFDate": expect.stringMatching(/^id\uFFFD+le$/) } },
      ]);
    }
  });

  it("rejects every point of a resource whose attributes can not be stored, and keeps the other resource's", async () => {
    const good = uniqueName("i-good");
    const bad = uniqueName("i-bad");
    const body = {
      resourceMetrics: [
        ...(metricsRequest(bad, [gauge("g", [gaugePoint(1), gaugePoint(2)])], [str("huge", "y".repeat(5000))])
          .resourceMetrics as Json[]),
        ...(metricsRequest(good, [gauge("g", [gaugePoint(1)])]).resourceMetrics as Json[]),
      ],
    };
    const answer = await sendMetrics(url, key, body, "protobuf");
    expect(answer).toMatchObject({ status: 200, rejected: 2 });
    expect(answer.message).toMatch(/resourceMetrics\[0\]\.resource\.attributes: attribute "huge" is over 4096/);
    expect(await storedPoints(good)).toHaveLength(1);
    expect(await storedPoints(bad)).toEqual([]);
    const long = `${bad}-${"z".repeat(2000)}`;
    const tooLong = await sendMetrics(url, key, metricsRequest(long, [gauge("g", [gaugePoint(1)])]), "json");
    expect(tooLong).toMatchObject({ status: 200, rejected: 1 });
    expect(tooLong.message).toMatch(/resource\.attributes: the resource's identity .* is over 1024 bytes/);
  });

  it("stores 10,000 data points of one request, a series per attribute set", async () => {
    const host = uniqueName("i-10k");
    const now = nowNs();
    const points = Array.from({ length: 10_000 }, (_, i) =>
      gaugePoint(i, now - BigInt(i % 60) * 60_000_000_000n, [str("cpu", `cpu${i % 100}`)]),
    );
    const answer = await sendMetrics(url, key, metricsRequest(host, [gauge("many", points)]), "protobuf");
    expect(answer).toMatchObject({ status: 200, rejected: 0 });
    const rows = await storedPoints(host);
    expect(rows).toHaveLength(100);
    expect(rows.reduce((n, row) => n + row.points, 0)).toBe(10_000);
  });
});
