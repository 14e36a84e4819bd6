/**
 * Bucket edges of the trace search's duration chart, in nanoseconds: 1-2-5 steps from 10 µs to
 * 5,000 s, so every decade gets three bars whatever the service's latency.
 */
export const DURATION_EDGES_NS: readonly number[] = Array.from({ length: 12 }, (_, decade) =>
  [1, 2, 5].map((step) => step * 10 ** (decade + 4)),
).flat();

export interface DurationBucket {
  /** Inclusive lower bound, ms. */
  fromMs: number;
  /** Exclusive upper bound, ms; null for the last, open bucket. */
  toMs: number | null;
  count: number;
}

/**
 * The buckets from the first with a count to the last, empty ones between kept so the chart's
 * x-axis stays a log scale. `counts` is keyed by PostgreSQL's width_bucket number over the edges
 * (0 below the first edge, edges.length at or past the last).
 */
export function durationBuckets(counts: Map<number, number>): DurationBucket[] {
  const used = [...counts].filter(([, count]) => count > 0).map(([bucket]) => bucket);
  if (used.length === 0) return [];
  const first = Math.min(...used);
  const last = Math.max(...used);
  const buckets: DurationBucket[] = [];
  for (let bucket = first; bucket <= last; bucket++) {
    const from = bucket === 0 ? 0 : DURATION_EDGES_NS[bucket - 1];
    const to = bucket < DURATION_EDGES_NS.length ? DURATION_EDGES_NS[bucket] : null;
    buckets.push({ fromMs: from / 1e6, toMs: to === null ? null : to / 1e6, count: counts.get(bucket) ?? 0 });
  }
  return buckets;
}
