import {
  fitScratch,
  fitSeasonalModel,
  levelDays,
  profileAt,
  type FitScratch,
  type SeasonalModel,
} from "@/lib/anomalies/seasonal-model";
import { slotLayout, slotWidth, type SlotLayout, type SlotOptions } from "@/lib/anomalies/seasonal-slots";
import { checkSeries, DAY, HOUR, type RegularSeries, weightAt } from "@/lib/anomalies/series";
import { emptyResult, MAX_SCORE, MISSING, SCORED, type BaselineResult } from "@/lib/anomalies/baseline-result";
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
   * daily series) of usual points: it tracks the day's drift, while an incident stays unusual
   * until it has lasted about 8 windows (a day), when it becomes the new level.
   */
  levelWindowMs?: number;
  /**
   * The noise floor the values' nature implies: "poisson" for counts (requests per bucket: the
   * spread is at least √expected), "binomial" for proportions over `series.volume` requests (error
   * rates: at least √(p(1−p)/n), p no less than 1/n), "none" otherwise.
   */
  noise?: "poisson" | "binomial" | "quantile" | "none";
  /** The spread is at least this fraction of |expected| and at least `absoluteFloor`. */
  relativeFloor?: number;
  absoluteFloor?: number;
  /** Points scored at least this far out are left out of the level (default 2). */
  levelExcludeZ?: number;
}

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
    levelExcludeZ: options.levelExcludeZ ?? 2,
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
  weight: Float64Array | undefined;
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
  for (let j = Math.max(0, at - levelPoints); j < at; j++)
    if (residual[j] === residual[j]) levelBuffer[n++] = residual[j];
  return n * 4 >= levelPoints ? medianInPlace(levelBuffer, 0, n) : 0;
}

/** Counting noise over the spans actually kept: a weighted count varies w times more than √count. */
function noiseFloor(scan: Scan, expected: number, i: number): number {
  const noise = scan.options.noise;
  const w = weightAt(scan, i);
  if (noise === "poisson") return expected > 0 ? Math.sqrt(expected * w) : 0;
  if ((noise !== "binomial" && noise !== "quantile") || !scan.volume) return 0;
  const n = scan.volume[i] / w;
  // A high quantile of n samples is itself uncertain: about 1/√n of its value for p95 of a
  // log-normal latency, which is what service latencies roughly are.
  if (noise === "quantile") return n >= 1 ? Math.abs(expected) / Math.sqrt(n) : 0;
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

interface Fitting {
  values: Float64Array;
  /** The values with each finished day's level taken out: what the profile is fitted on. */
  adjusted: Float64Array;
  layout: SlotLayout;
  scratch: FitScratch;
  historyPoints: number;
  minSamples: number;
  /** Days are levelled only where a day has enough points to have a level of its own. */
  leveling: boolean;
  dayBuffer: Float64Array;
  leveledUntil: number;
}

function fitting(values: Float64Array, layout: SlotLayout, historyMs: number, step: number): Fitting {
  const historyPoints = Math.max(1, Math.ceil(historyMs / step));
  return {
    values,
    adjusted: Float64Array.from(values),
    layout,
    scratch: fitScratch(Math.min(values.length, historyPoints), layout.slots),
    historyPoints,
    // A slot is learned once it has about two days of points: one day says nothing of day-to-day spread.
    minSamples: Math.max(2, Math.round((1.5 * slotWidth(step)) / step)),
    leveling: step <= HOUR,
    dayBuffer: new Float64Array(Math.ceil(DAY / step)),
    leveledUntil: 0,
  };
}

// The profile on the history before `from`; days not levelled yet are levelled against a first fit.
function fitBefore(f: Fitting, from: number): { model: SeasonalModel; ratio: boolean } {
  const historyFrom = Math.max(0, from - f.historyPoints);
  const ratio = nonNegative(f.values, historyFrom, from);
  const fit = () => fitSeasonalModel(f.adjusted, f.layout, historyFrom, from, f.minSamples, f.scratch, f.values);
  let model = fit();
  if (f.leveling && f.leveledUntil < from) {
    const range = { from: Math.max(historyFrom, f.leveledUntil), to: from, ratio };
    levelDays(f.values, f.adjusted, f.layout, model, range, f.dayBuffer);
    model = fit();
  }
  return { model, ratio };
}

/**
 * The seasonal baseline of a series, causal: each point is scored against a profile fitted on the
 * history before its day (refitted once per day, so a scan costs a few linear passes per day), plus
 * the robust level of the trailing window. Points before `minHistoryMs` of history, and points in
 * a slot of the season not seen on two days yet (the first weekend), are "learning", unscored.
 */
export function seasonalBaseline(series: RegularSeries, options: BaselineOptions = {}): BaselineResult {
  checkSeries(series);
  const resolved = resolveBaselineOptions(series.stepMs, options);
  const values = sanitizeValues(series.values);
  const n = values.length;
  const step = series.stepMs;
  const levelPoints = Math.max(1, Math.ceil(resolved.levelWindowMs / step));
  const layout = slotLayout(series, resolved);
  const scan: Scan = {
    values,
    layout,
    volume: series.volume,
    weight: series.weight,
    options: resolved,
    result: emptyResult(series, resolved.k),
    levelPoints,
    levelBuffer: new Float64Array(levelPoints),
    residual: new Float64Array(n).fill(NaN),
  };
  const f = fitting(values, layout, resolved.historyMs, step);
  const minPoints = Math.max(1, Math.ceil(resolved.minHistoryMs / step));
  let finite = 0;
  let firstFinite = -1;
  for (let from = 0, to = 0; from < n; from = to) {
    to = from + 1;
    while (to < n && layout.day[to] === layout.day[from]) to++;
    if (firstFinite >= 0 && from - firstFinite >= minPoints && finite * 2 >= minPoints) {
      const { model, ratio } = fitBefore(f, from);
      scoreBlock(scan, model, from, to, ratio);
      if (f.leveling) levelDays(values, f.adjusted, layout, model, { from, to, ratio }, f.dayBuffer);
      f.leveledUntil = to;
    }
    for (let i = from; i < to; i++) {
      if (values[i] !== values[i]) continue;
      finite++;
      if (firstFinite < 0) firstFinite = i;
    }
  }
  return scan.result;
}
