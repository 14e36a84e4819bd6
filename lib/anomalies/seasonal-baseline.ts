import {
  fitScratch,
  fitSeasonalModel,
  levelDays,
  profileAt,
  type SeasonalModel,
} from "@/lib/anomalies/seasonal-model";
import { slotLayout, slotWidth, type SlotLayout, type SlotOptions } from "@/lib/anomalies/seasonal-slots";
import { checkSeries, DAY, HOUR, type RegularSeries } from "@/lib/anomalies/series";
import { medianInPlace } from "@/lib/anomalies/robust-stats";

export interface BaselineOptions extends SlotOptions {
  /** Half-width of the expected band in robust sigmas. */
  k?: number;
  /** How far back the seasonal profile looks (default 14 days; 56 for daily series). */
  historyMs?: number;
  /** Cold start: no score until this much history (3 days per-minute, 7 hourly, 14 daily). */
  minHistoryMs?: number;
  /**
   * The robust level follows the median residual of this trailing window (3 hours; 7 days for
   * daily series): it tracks the day's drift, and a shift that lasts half of it becomes the level.
   */
  levelWindowMs?: number;
  /**
   * The noise floor the values' nature implies: "poisson" for counts (requests per bucket: the
   * spread is at least √expected), "binomial" for proportions over `series.volume` requests (error
   * rates: at least √(p(1−p)/n), p no less than 1/n), "none" otherwise.
   */
  noise?: "poisson" | "binomial" | "none";
  /** The spread is at least this fraction of |expected| and at least `absoluteFloor`. */
  relativeFloor?: number;
  absoluteFloor?: number;
  /** Points scored at least this far out are left out of the level (default 3). */
  levelExcludeZ?: number;
}

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
/** Values are clamped to ±1e150 so differences and squares of them stay finite. */
export const MAX_VALUE = 1e150;

export type ResolvedBaselineOptions = Required<Omit<BaselineOptions, keyof SlotOptions>> & SlotOptions;

export function resolveBaselineOptions(stepMs: number, options: BaselineOptions = {}): ResolvedBaselineOptions {
  const daily = stepMs >= DAY;
  return {
    ...options,
    k: options.k ?? 3.5,
    historyMs: options.historyMs ?? (daily ? 56 : 14) * DAY,
    minHistoryMs: options.minHistoryMs ?? (daily ? 14 : stepMs >= HOUR ? 7 : 3) * DAY,
    levelWindowMs: options.levelWindowMs ?? (daily ? 7 * DAY : 3 * HOUR),
    noise: options.noise ?? "none",
    relativeFloor: options.relativeFloor ?? 0.01,
    absoluteFloor: options.absoluteFloor ?? 1e-6,
    levelExcludeZ: options.levelExcludeZ ?? 3,
  };
}

/** Non-finite values become NaN (missing); finite ones are clamped to ±MAX_VALUE. */
export function sanitizeValues(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? Math.max(-MAX_VALUE, Math.min(MAX_VALUE, v)) : NaN;
  }
  return out;
}

interface Scan {
  values: Float64Array;
  layout: SlotLayout;
  volume: Float64Array | undefined;
  options: ResolvedBaselineOptions;
  result: BaselineResult;
  levelPoints: number;
  levelBuffer: Float64Array;
  residual: Float64Array;
}

/** The level looks this many windows back for usual points before it accepts the unusual as usual. */
const LEVEL_LOOKBACK = 8;

/**
 * Robust level: the median residual of the last `levelPoints` usual points before `at` (scored
 * points with |z| ≥ levelExcludeZ are left out, so an incident does not become its own baseline),
 * looking back up to 8 windows. When fewer than a quarter of a window of usual points is found,
 * the unusual has lasted long enough to be the new normal: all of the trailing window counts.
 */
function levelBefore(scan: Scan, at: number): number {
  const { residual, levelPoints, levelBuffer, result } = scan;
  const exclude = scan.options.levelExcludeZ;
  const limit = Math.max(0, at - levelPoints * LEVEL_LOOKBACK);
  let n = 0;
  for (let j = at - 1; j >= limit && n < levelPoints; j--) {
    const r = residual[j];
    if (r !== r || (result.state[j] === SCORED && Math.abs(result.score[j]) >= exclude)) continue;
    levelBuffer[n++] = r;
  }
  if (n * 4 >= levelPoints) return medianInPlace(levelBuffer, 0, n);
  n = 0;
  for (let j = Math.max(0, at - levelPoints); j < at; j++) if (residual[j] === residual[j]) levelBuffer[n++] = residual[j];
  return n * 4 >= levelPoints ? medianInPlace(levelBuffer, 0, n) : 0;
}

function noiseFloor(scan: Scan, expected: number, i: number): number {
  const noise = scan.options.noise;
  if (noise === "poisson") return expected > 0 ? Math.sqrt(expected) : 0;
  if (noise !== "binomial" || !scan.volume) return 0;
  const n = scan.volume[i];
  if (!(n >= 1)) return 0;
  const p = Math.min(1, Math.max(expected, 1 / n));
  return Math.sqrt((p * (1 - p)) / n) || Math.sqrt(1 / n);
}

function scorePoint(scan: Scan, model: SeasonalModel, i: number, level: number, ratio: boolean): void {
  const { result, options, values } = scan;
  const base = profileAt(model, scan.layout, i);
  if (base !== base) return; // this slot of the season has not been seen yet: still learning
  const expected = ratio ? (base > 0 ? base * (1 + level) : base) : base + level;
  const floor = Math.max(options.relativeFloor * Math.abs(expected), options.absoluteFloor);
  const spread = model.spread[scan.layout.own[i]];
  const sigma = Math.max(spread === spread ? spread : 0, floor, noiseFloor(scan, expected, i));
  result.expected[i] = expected;
  result.lower[i] = expected - options.k * sigma;
  result.upper[i] = expected + options.k * sigma;
  const v = values[i];
  if (v !== v) {
    result.state[i] = MISSING;
    return;
  }
  result.state[i] = SCORED;
  result.score[i] = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, (v - expected) / sigma));
}

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
// Non-negative series (counts, latencies, costs) move in proportion: their level is a ratio.
function scoreBlock(scan: Scan, model: SeasonalModel, from: number, to: number, ratio: boolean): void {
  const { values, layout, residual, levelPoints } = scan;
  for (let j = Math.max(0, from - levelPoints * LEVEL_LOOKBACK); j < to; j++) {
    const base = profileAt(model, layout, j);
    residual[j] = ratio ? (base > 0 ? values[j] / base - 1 : NaN) : values[j] - base;
  }
  const every = Math.max(1, Math.round(HOUR / scan.result.stepMs));
  for (let start = from; start < to; start += every) {
    const level = levelBefore(scan, start);
    for (let i = start; i < Math.min(to, start + every); i++) scorePoint(scan, model, i, level, ratio);
  }
}

function nonNegative(values: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (values[i] < 0) return false;
  return true;
}

/**
 * The seasonal baseline of a series, causal: each point is scored against a profile fitted on the
 * history before its day (refitted once per day, so a scan costs a few linear passes per day), plus
 * the robust level of the trailing window. Points before `minHistoryMs` of history, and points in
 * a slot of the season not seen yet (the first Saturday), are "learning" and have no score.
 */
export function seasonalBaseline(series: RegularSeries, options: BaselineOptions = {}): BaselineResult {
  checkSeries(series);
  const resolved = resolveBaselineOptions(series.stepMs, options);
  const values = sanitizeValues(series.values);
  const n = values.length;
  const step = series.stepMs;
  const result = emptyResult(series, resolved.k);
  const historyPoints = Math.max(1, Math.ceil(resolved.historyMs / step));
  const minPoints = Math.max(1, Math.ceil(resolved.minHistoryMs / step));
  const levelPoints = Math.max(1, Math.ceil(resolved.levelWindowMs / step));
  const layout = slotLayout(series, resolved);
  const scan: Scan = {
    values,
    layout,
    volume: series.volume,
    options: resolved,
    result,
    levelPoints,
    levelBuffer: new Float64Array(levelPoints),
    residual: new Float64Array(n).fill(NaN),
  };
  const scratch = fitScratch(Math.min(n, historyPoints), layout.slots);
  // A slot is learned once it has about two days of points: one day says nothing of day-to-day spread.
  const minSamples = Math.max(2, Math.round((1.5 * slotWidth(step)) / step));
  // Days are levelled only where a day has enough points to have a level of its own.
  const leveling = step <= HOUR;
  const adjusted = Float64Array.from(values);
  const dayBuffer = new Float64Array(Math.ceil(DAY / step));
  let leveledUntil = 0;
  let finite = 0;
  let firstFinite = -1;
  let from = 0;
  while (from < n) {
    let to = from + 1;
    while (to < n && layout.day[to] === layout.day[from]) to++;
    const ready = firstFinite >= 0 && from - firstFinite >= minPoints && finite * 2 >= minPoints;
    if (ready) {
      const historyFrom = Math.max(0, from - historyPoints);
      const ratio = nonNegative(values, historyFrom, from);
      let model = fitSeasonalModel(adjusted, layout, historyFrom, from, minSamples, scratch, values);
      if (leveling && leveledUntil < from) {
        levelDays(values, adjusted, layout, model, { from: Math.max(historyFrom, leveledUntil), to: from, ratio }, dayBuffer);
        model = fitSeasonalModel(adjusted, layout, historyFrom, from, minSamples, scratch, values);
      }
      scoreBlock(scan, model, from, to, ratio);
      if (leveling) levelDays(values, adjusted, layout, model, { from, to, ratio }, dayBuffer);
      leveledUntil = to;
    }
    for (let i = from; i < to; i++) {
      if (values[i] !== values[i]) continue;
      finite++;
      if (firstFinite < 0) firstFinite = i;
    }
    from = to;
  }
  return result;
}

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
