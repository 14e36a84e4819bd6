import { bucketLowerMs, bucketOf, bucketUpperMs } from "@/lib/traces/histogram";

// A latency SLI's good events from the rollups' log-scale histograms: every bucket wholly at or
// under the threshold is good, and of the bucket the threshold falls in, the share of its width
// under the threshold (the spans are assumed spread evenly in it, as Prometheus' histogram_quantile
// assumes). At a bucket edge that is exact; between edges the answer is off by at most that one
// bucket's count, which is reported as the bound.

export interface ThresholdBucket {
  /** The bucket holding the threshold. */
  bucket: number;
  /** Its share under the threshold, 0 to 1; 1 when the threshold is its upper edge. */
  share: number;
  /** The threshold is the bucket's upper edge: the count is exact. */
  exact: boolean;
}

/** Where a threshold falls among the buckets. */
export function thresholdBucket(thresholdMs: number): ThresholdBucket {
  const bucket = bucketOf(Math.round(thresholdMs * 1e6));
  const lower = bucketLowerMs(bucket);
  const upper = bucketUpperMs(bucket);
  // The overflow bucket has no real upper edge: none of it is known to be under the threshold.
  if (bucket === 99) return { bucket, share: 0, exact: false };
  const share = Math.min(1, Math.max(0, (thresholdMs - lower) / (upper - lower)));
  return Math.abs(share - 1) < 1e-9 ? { bucket, share: 1, exact: true } : { bucket, share, exact: false };
}

export interface LatencyCounts {
  good: number;
  total: number;
  /** Events whose side of the threshold is estimated: the good count is within ± this. */
  uncertain: number;
}

/** Good events of a sparse histogram (bucket numbers and their counts) for a threshold. */
export function latencyGood(
  buckets: readonly number[],
  counts: readonly number[],
  threshold: ThresholdBucket,
): LatencyCounts {
  let good = 0;
  let total = 0;
  let uncertain = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = Number(counts[i]);
    total += count;
    if (buckets[i] < threshold.bucket) good += count;
    else if (buckets[i] === threshold.bucket) {
      good += count * threshold.share;
      if (!threshold.exact) uncertain += count;
    }
  }
  return { good, total, uncertain };
}
