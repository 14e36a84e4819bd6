import { describe, expect, it } from "vitest";
import { bucketOf, bucketUpperMs } from "@/lib/traces/histogram";
import { latencyGood, thresholdBucket } from "./latency-good";

describe("latency good events from the rollup histograms", () => {
  // Spans of 1, 100, 250 and 1,000 ms, as the rollup buckets them.
  const durationsMs = [1, 1, 100, 250, 250, 250, 1000];
  const sparse = () => {
    const counts = new Map<number, number>();
    for (const ms of durationsMs) counts.set(bucketOf(ms * 1e6), (counts.get(bucketOf(ms * 1e6)) ?? 0) + 1);
    const buckets = [...counts.keys()].sort((a, b) => a - b);
    return { buckets, counts: buckets.map((b) => counts.get(b) ?? 0) };
  };

  it("is exact when the threshold is a bucket edge", () => {
    const { buckets, counts } = sparse();
    const edge = bucketUpperMs(bucketOf(250e6));
    expect(latencyGood(buckets, counts, thresholdBucket(edge))).toEqual({ good: 6, total: 7, uncertain: 0 });
  });

  it("interpolates inside the threshold's bucket and says by how much it may be off", () => {
    const { buckets, counts } = sparse();
    const bucket = bucketOf(250e6);
    const lower = bucketUpperMs(bucket - 1);
    const upper = bucketUpperMs(bucket);
    const threshold = lower + (upper - lower) / 3;
    const result = latencyGood(buckets, counts, thresholdBucket(threshold));
    // The 1 and 100 ms spans are good for sure; a third of the bucket's three 250 ms spans are counted.
    expect(result.total).toBe(7);
    expect(result.good).toBeCloseTo(3 + 1, 9);
    expect(result.uncertain).toBe(3);
  });

  it("counts nothing of the overflow bucket as good, and all of it as uncertain", () => {
    const threshold = thresholdBucket(3_600_000);
    expect(threshold).toEqual({ bucket: 99, share: 0, exact: false });
    expect(latencyGood([10, 99], [4, 2], threshold)).toEqual({ good: 4, total: 6, uncertain: 2 });
  });

  it("has no events in an empty histogram", () => {
    expect(latencyGood([], [], thresholdBucket(300))).toEqual({ good: 0, total: 0, uncertain: 0 });
  });
});
