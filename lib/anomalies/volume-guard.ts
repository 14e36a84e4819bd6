import { LOW_VOLUME, SCORED, type BaselineResult } from "@/lib/anomalies/baseline-result";
import { HOUR, type RegularSeries, weightAt } from "@/lib/anomalies/series";

/** What a series measures; it decides which volume guard applies. */
export type SeriesKind = "request-rate" | "error-rate" | "latency" | "cost" | "metric";

export interface VolumeGuard {
  kind: SeriesKind;
  /** Error rate and latency: a point over fewer requests than this is not scored. */
  minRequests?: number;
  /** Request rate: a point whose expected rate is below this many requests an hour is not scored. */
  minExpectedPerHour?: number;
}

export const DEFAULT_MIN_REQUESTS = 20;
export const DEFAULT_MIN_EXPECTED_PER_HOUR = 120;

/**
 * Why a scored point should not be: null when it may stand. An error rate over 3 requests moves
 * in steps of 33 %, and a service expected to get 3 requests an hour has nothing to page about.
 */
export function volumeGuardReason(
  guard: VolumeGuard,
  stepMs: number,
  expected: number,
  requests: number,
): "few-requests" | "low-expected-rate" | null {
  if (guard.kind === "error-rate" || guard.kind === "latency") {
    const min = guard.minRequests ?? DEFAULT_MIN_REQUESTS;
    return requests === requests && requests >= min ? null : "few-requests";
  }
  if (guard.kind === "request-rate") {
    const perHour = (expected * HOUR) / stepMs;
    const min = guard.minExpectedPerHour ?? DEFAULT_MIN_EXPECTED_PER_HOUR;
    return perHour === perHour && perHour >= min ? null : "low-expected-rate";
  }
  return null;
}

/**
 * Marks the scored points the guard rejects as "low-volume" and drops their score, in place.
 * Error-rate and latency series need the request counts in `series.volume`: without them no point
 * can be trusted, so none stays scored. Returns how many points were dropped.
 */
export function applyVolumeGuard(series: RegularSeries, result: BaselineResult, guard: VolumeGuard): number {
  let dropped = 0;
  for (let i = 0; i < result.state.length; i++) {
    if (result.state[i] !== SCORED) continue;
    // Requests seen, not stood for: seven sampled spans are seven observations however they are weighted.
    const requests = series.volume ? series.volume[i] / weightAt(series, i) : NaN;
    if (volumeGuardReason(guard, series.stepMs, result.expected[i], requests) === null) continue;
    result.state[i] = LOW_VOLUME;
    result.score[i] = NaN;
    dropped++;
  }
  return dropped;
}
