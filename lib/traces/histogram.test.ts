import { describe, expect, it } from "vitest";
import { bucketLowerMs, bucketOf, bucketUpperMs, emptyHistogram, quantileMs } from "./histogram";

const RATIO = 2 ** (1 / 4);

/** mulberry32: the same samples on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function histogramOf(durationsMs: number[]): number[] {
  const histogram = emptyHistogram();
  for (const ms of durationsMs) histogram[bucketOf(ms * 1e6)]++;
  return histogram;
}

/** The nearest-rank q-quantile of the samples themselves. */
function exactQuantile(durationsMs: number[], q: number): number {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

const QUANTILES = [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999];

describe("latency quantiles from the log-scale histogram", () => {
  it("interpolate by rank between the bounds of the bucket that holds the rank", () => {
    const histogram = emptyHistogram();
    const b = bucketOf(20e6);
    histogram[b - 1] = 6;
    histogram[b] = 4;
    const [lower, upper] = [bucketLowerMs(b), bucketUpperMs(b)];
    expect(lower).toBeCloseTo(bucketUpperMs(b - 1), 12);
    // Ranks 7 and 8 of 10 are the first and second of the four in bucket b.
    expect(quantileMs(histogram, 0.7)).toBeCloseTo(lower + (upper - lower) * (1 / 4), 9);
    expect(quantileMs(histogram, 0.8)).toBeCloseTo(lower + (upper - lower) * (2 / 4), 9);
    expect(quantileMs(histogram, 1)).toBeCloseTo(upper, 9);
    // Rank 3 of 10 is half way through the six of bucket b - 1.
    expect(quantileMs(histogram, 0.3)).toBeCloseTo(
      bucketLowerMs(b - 1) + (bucketUpperMs(b - 1) - bucketLowerMs(b - 1)) * 0.5,
      9,
    );
  });

  it("move with the data inside a bucket instead of sticking to its bound", () => {
    // All between 17.3 and 20.48 ms (one bucket): the old bound answer was 20.48 for every share.
    const b = bucketOf(19e6);
    const reported = [0.1, 0.3, 0.5, 0.7, 0.9].map((share) => {
      const histogram = emptyHistogram();
      histogram[b] = 100 * share;
      histogram[b + 1] = 100 * (1 - share);
      return quantileMs(histogram, 0.5) as number;
    });
    for (let i = 1; i < reported.length; i++) expect(reported[i]).toBeLessThan(reported[i - 1]);
    expect(new Set(reported).size).toBe(reported.length);
  });

  it("stay within r - 1 = 19% of the true quantile of a log-normal sample", () => {
    const random = rng(42);
    const samples = Array.from({ length: 50_000 }, () => {
      const gaussian = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      return 45 * Math.exp(0.6 * gaussian);
    });
    const histogram = histogramOf(samples);
    for (const q of QUANTILES) {
      const truth = exactQuantile(samples, q);
      const reported = quantileMs(histogram, q) as number;
      expect(reported / truth).toBeLessThanOrEqual(RATIO);
      expect(truth / reported).toBeLessThanOrEqual(RATIO);
      // With many samples per bucket the interpolation is far better than its bound.
      expect(Math.abs(reported - truth) / truth).toBeLessThan(0.03);
    }
  });

  it("stay within the bound for a single sample, anywhere from microseconds to minutes", () => {
    for (const ms of [0.05, 0.9, 3, 20.48, 47, 250, 1800, 60_000, 200_000]) {
      for (const q of [0, 0.5, 1]) {
        const reported = quantileMs(histogramOf([ms]), q) as number;
        expect(reported / ms).toBeLessThanOrEqual(RATIO * (1 + 1e-12));
        expect(ms / reported).toBeLessThanOrEqual(RATIO * (1 + 1e-12));
      }
    }
  });

  it("match a uniform spread of 1 to 1000 ms within the bound, and exactly at bucket edges", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    const histogram = histogramOf(samples);
    for (const q of QUANTILES) {
      const reported = quantileMs(histogram, q) as number;
      const truth = exactQuantile(samples, q);
      expect(Math.abs(reported - truth) / truth).toBeLessThan(RATIO - 1);
    }
    expect(quantileMs(histogram, 1)).toBeCloseTo(bucketUpperMs(bucketOf(1000e6)), 9);
  });

  it("start the first bucket at 0 and report the overflow bucket's lower bound", () => {
    const first = emptyHistogram();
    first[0] = 10;
    expect(quantileMs(first, 0.5)).toBeCloseTo(bucketUpperMs(0) / 2, 12);
    expect(quantileMs(first, 0)).toBe(0);

    const overflow = emptyHistogram();
    overflow[99] = 3;
    const lower = bucketUpperMs(98);
    expect(lower).toBeGreaterThan(230_000);
    expect(lower).toBeLessThan(240_000);
    for (const q of [0, 0.5, 1]) expect(quantileMs(overflow, q)).toBe(lower);
    expect(bucketOf(3_600_000e6)).toBe(99);
  });

  it("are null for an empty histogram or no quantile, and clamp a quantile outside 0..1", () => {
    expect(quantileMs(emptyHistogram(), 0.5)).toBeNull();
    expect(quantileMs([], 0.5)).toBeNull();
    const histogram = histogramOf([3, 5, 8]);
    expect(quantileMs(histogram, Number.NaN)).toBeNull();
    expect(quantileMs(histogram, -1)).toBe(quantileMs(histogram, 0));
    expect(quantileMs(histogram, 7)).toBe(quantileMs(histogram, 1));
    expect(quantileMs(histogram, Number.POSITIVE_INFINITY)).toBe(quantileMs(histogram, 1));
    // q = 0 skips the empty buckets before the first sample.
    expect(quantileMs(histogram, 0)).toBeCloseTo(bucketLowerMs(bucketOf(3e6)), 12);
  });

  it("never decrease as q grows, and take counts near 2^63 (saturated rollups)", () => {
    const random = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const histogram = emptyHistogram().map(() => (random() < 0.2 ? Math.floor(random() * 50) : 0));
      let previous = -1;
      for (let q = 0; q <= 1; q += 0.01) {
        const value = quantileMs(histogram, q);
        if (value === null) break;
        expect(value).toBeGreaterThanOrEqual(previous);
        previous = value;
      }
    }
    const huge = emptyHistogram();
    huge[40] = 2 ** 62;
    huge[41] = 2 ** 62;
    expect(quantileMs(huge, 0.75)).toBeCloseTo(bucketLowerMs(41) + (bucketUpperMs(41) - bucketLowerMs(41)) * 0.5, 9);
  });
});
