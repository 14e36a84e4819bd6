import { describe, expect, it } from "vitest";
import { decodeMetricsBody, encodeMetricsResponse, MetricsResponseType } from "./metrics-decode";
import { metricsProtobuf, metricsRequest, nowNs } from "./metrics-test-requests";

// The decoder alone: the forms OTLP JSON allows, and the kinds kept only as count and sum.

const decode = (body: unknown, as: "json" | "protobuf" = "json") =>
  decodeMetricsBody(
    as === "json" ? Buffer.from(JSON.stringify(body)) : metricsProtobuf(body as Record<string, unknown>),
    as,
    35,
    Date.now(),
  );

describe("decodeMetricsBody", () => {
  it("reads enums by name, 64-bit numbers as JSON numbers or strings, and keeps the series' shape", () => {
    const ms = Date.now();
    const batch = decode(
      metricsRequest("h", [
        {
          name: "requests",
          unit: "{request}",
          sum: {
            aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA",
            isMonotonic: true,
            dataPoints: [{ timeUnixNano: ms * 1_000_000, asInt: 7 }],
          },
        },
      ]),
    );
    expect(batch).toMatchObject({ rejected: 0 });
    expect(batch.points).toHaveLength(1);
    expect(batch.points[0]).toMatchObject({ value: 7, timeNs: BigInt(ms * 1_000_000), startNs: 0n });
    expect(batch.points[0].series).toMatchObject({
      metric: "requests",
      unit: "{request}",
      kind: "sum",
      temporality: "delta",
      monotonic: true,
      resourceId: "h",
      serviceName: "metrics-test",
    });
  });

  it("keeps exponential histograms as count, sum, min and max and summaries as count and sum, in both encodings", () => {
    for (const as of ["json", "protobuf"] as const) {
      const at = String(nowNs());
      const batch = decode(
        metricsRequest("h", [
          {
            name: "exp",
            exponentialHistogram: {
              aggregationTemporality: 1,
              dataPoints: [
                {
                  timeUnixNano: at,
                  count: "4",
                  sum: 10,
                  min: 1,
                  max: 5,
                  scale: 2,
                  positive: { offset: 1, bucketCounts: ["4"] },
                },
              ],
            },
          },
          { name: "sum", summary: { dataPoints: [{ timeUnixNano: at, startTimeUnixNano: at, count: "3", sum: 9 }] } },
          { name: "nothing" },
        ]),
        as,
      );
      expect(batch.rejected).toBe(0);
      expect(batch.points.map((p) => [p.series.kind, p.series.temporality, p.value, p.sum, p.min, p.max])).toEqual([
        ["exponential_histogram", "delta", 4, 10, 1, 5],
        ["summary", "cumulative", 3, 9, null, null],
      ]);
    }
  });

  it("answers with partial_success counting rejected points, in either encoding", () => {
    expect(JSON.parse(encodeMetricsResponse(2, ["a", "b"], "json") as string)).toEqual({
      partialSuccess: { rejectedDataPoints: "2", errorMessage: "a; b" },
    });
    expect(encodeMetricsResponse(0, [], "json")).toBe("{}");
    const decoded = MetricsResponseType.toObject(
      MetricsResponseType.decode(encodeMetricsResponse(3, ["x"], "protobuf") as Uint8Array),
      { longs: Number },
    );
    expect(decoded).toEqual({ partialSuccess: { rejectedDataPoints: 3, errorMessage: "x" } });
  });
});
