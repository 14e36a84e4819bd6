// Fixed log-scale latency histogram: bucket i holds durations in (10 µs · 2^((i-1)/4), 10 µs · 2^(i/4)]
// (bounds 2^(1/4) ≈ 1.19 apart); bucket 0 holds everything up to 10 µs and bucket 99, the overflow,
// everything past 10 µs · 2^(98/4) ≈ 237 s. Rollups store it sparse: the bucket numbers that occur
// and their counts. The SQL expression and bucketUpperMs must agree.

const BUCKETS = 100;
const BASE_NS = 10_000;

/** SQL for the bucket of a duration_ns column. */
export const BUCKET_SQL = `LEAST(${BUCKETS - 1}, GREATEST(0, ceil(4 * log(2, GREATEST(duration_ns, 1)::numeric / ${BASE_NS}))))::smallint`;

export function bucketOf(durationNs: number): number {
  return Math.min(BUCKETS - 1, Math.max(0, Math.ceil(4 * Math.log2(Math.max(durationNs, 1) / BASE_NS))));
}

/** The upper bound of a bucket in milliseconds. */
export function bucketUpperMs(bucket: number): number {
  return (BASE_NS * 2 ** (bucket / 4)) / 1e6;
}

/** The lower bound of a bucket in milliseconds: 0 for the first, the previous one's upper bound after. */
export function bucketLowerMs(bucket: number): number {
  return bucket === 0 ? 0 : bucketUpperMs(bucket - 1);
}

/** A dense histogram from sparse (bucket, count) pairs, added to `into`. */
export function addSparse(into: number[], buckets: readonly number[], counts: readonly number[]): number[] {
  for (let i = 0; i < buckets.length; i++) into[buckets[i]] = (into[buckets[i]] ?? 0) + Number(counts[i]);
  return into;
}

export function emptyHistogram(): number[] {
  return new Array<number>(BUCKETS).fill(0);
}

/**
 * The q-quantile (0..1) of a dense histogram in milliseconds, null when empty. As Prometheus'
 * histogram_quantile: rank q·total, found in its bucket, interpolated linearly between the
 * bucket's bounds by the rank's place among the bucket's counts; the overflow bucket has no upper
 * bound, so a rank there reports its lower bound.
 */
export function quantileMs(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (!(total > 0) || Number.isNaN(q)) return null;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let below = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const count = histogram[bucket];
    // An empty bucket never holds the rank: q = 0 lands on the lower bound of the first filled one.
    if (count > 0 && below + count >= rank) {
      const lower = bucketLowerMs(bucket);
      if (bucket === BUCKETS - 1) return lower;
      return lower + (bucketUpperMs(bucket) - lower) * ((rank - below) / count);
    }
    below += count;
  }
  return bucketLowerMs(histogram.length - 1);
}
