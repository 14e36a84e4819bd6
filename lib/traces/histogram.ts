// Fixed log-scale latency histogram: bucket i holds durations up to 10 µs · 2^(i/4) (about 19%
// apart), from 10 µs to about 4.7 minutes in 100 buckets. Rollups store it sparse: the bucket
// numbers that occur and their counts. The SQL expression and bucketUpperMs must agree.

const BUCKETS = 100;
const BASE_NS = 10_000;

/** SQL for the bucket of a duration_ns column. */
export const BUCKET_SQL = `LEAST(${BUCKETS - 1}, GREATEST(0, ceil(4 * log(2, GREATEST(duration_ns, 1)::numeric / ${BASE_NS}))))::smallint`;

export function bucketOf(durationNs: number): number {
  return Math.min(BUCKETS - 1, Math.max(0, Math.ceil(4 * Math.log2(Math.max(durationNs, 1) / BASE_NS))));
}

/** The upper bound of a bucket in milliseconds: what a percentile in that bucket reports. */
export function bucketUpperMs(bucket: number): number {
  return (BASE_NS * 2 ** (bucket / 4)) / 1e6;
}

/** A dense histogram from sparse (bucket, count) pairs, added to `into`. */
export function addSparse(into: number[], buckets: readonly number[], counts: readonly number[]): number[] {
  for (let i = 0; i < buckets.length; i++) into[buckets[i]] = (into[buckets[i]] ?? 0) + Number(counts[i]);
  return into;
}

export function emptyHistogram(): number[] {
  return new Array<number>(BUCKETS).fill(0);
}

/** The q-quantile (0..1) of a dense histogram, as the upper bound of its bucket; null when empty. */
export function quantileMs(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket];
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return bucketUpperMs(histogram.length - 1);
}
