import type { RegularSeries } from "@/lib/anomalies/series";

export type PointState = "scored" | "learning" | "missing" | "low-volume";
/** Point states as stored in `BaselineResult.state`, indexed by these codes. */
export const POINT_STATES: readonly PointState[] = ["scored", "learning", "missing", "low-volume"];
export const SCORED = 0;
export const LEARNING = 1;
export const MISSING = 2;
export const LOW_VOLUME = 3;

/** Per point of the series: the band, the signed robust z-score (NaN when not scored) and a state. */
export interface BaselineResult {
  startMs: number;
  stepMs: number;
  k: number;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  state: Uint8Array;
}

/** Scores are capped so a value of 1e308 against a flat series still compares and serialises. */
export const MAX_SCORE = 1e6;
export /** Every point learning, no band, no score. */
function emptyResult(series: RegularSeries, k: number): BaselineResult {
  const n = series.values.length;
  return {
    startMs: series.startMs,
    stepMs: series.stepMs,
    k,
    expected: new Float64Array(n).fill(NaN),
    lower: new Float64Array(n).fill(NaN),
    upper: new Float64Array(n).fill(NaN),
    score: new Float64Array(n).fill(NaN),
    state: new Uint8Array(n).fill(LEARNING),
  };
}

// Scores [from, to) with one fitted profile; the level is re-read every hour (every point for
// hourly and daily series) from the residuals of the trailing window against that profile.
/** One point of a baseline as plain data, for an API response or a chart. */
export interface BaselinePoint {
  t: number;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number | null;
  state: PointState;
}

export function baselinePoints(result: BaselineResult): BaselinePoint[] {
  const orNull = (v: number) => (v === v ? v : null);
  return Array.from(result.state, (state, i) => ({
    t: result.startMs + i * result.stepMs,
    expected: orNull(result.expected[i]),
    lower: orNull(result.lower[i]),
    upper: orNull(result.upper[i]),
    score: orNull(result.score[i]),
    state: POINT_STATES[state],
  }));
}
