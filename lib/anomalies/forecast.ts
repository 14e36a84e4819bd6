import { MAD_SCALE, median, theilSen } from "@/lib/anomalies/robust-stats";
import {
  resolveBaselineOptions,
  sanitizeValues,
  type BaselineOptions,
  type ResolvedBaselineOptions,
} from "@/lib/anomalies/seasonal-baseline";
import { fitScratch, fitSeasonalModel, levelDays, profileAt, type SeasonalModel } from "@/lib/anomalies/seasonal-model";
import { slotLayout, slotWidth, type SlotLayout } from "@/lib/anomalies/seasonal-slots";
import { checkSeries, DAY, type RegularSeries } from "@/lib/anomalies/series";

export interface ForecastOptions extends BaselineOptions {
  /** How far ahead (default 14 days). */
  horizonMs?: number;
  /** Share of future values the interval should hold (default 0.95; 0.8 and 0.9 also known). */
  coverage?: 0.8 | 0.9 | 0.95 | 0.99;
}

/** Per future step: expected value and prediction interval; the trend is per day (ratio or units). */
export interface Forecast {
  state: "ready" | "learning";
  startMs: number;
  stepMs: number;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Daily change of the level: a fraction for non-negative series (0.01 = +1 %/day), else units. */
  trendPerDay: number;
  ratio: boolean;
}

const Z = { 0.8: 1.2816, 0.9: 1.6449, 0.95: 1.96, 0.99: 2.5758 } as const;

interface DayTrend {
  slope: number;
  intercept: number;
  /** Robust spread of day levels around the trend line, and the days it was fitted on. */
  scatter: number;
  days: number[];
}

// Each day's median residual against the profile; Theil–Sen through them is the trend.
function dayTrend(
  values: Float64Array,
  layout: SlotLayout,
  model: SeasonalModel,
  from: number,
  ratio: boolean,
): DayTrend {
  const byDay = new Map<number, number[]>();
  for (let i = from; i < values.length; i++) {
    const base = profileAt(model, layout, i);
    const r = ratio ? (base > 0 ? values[i] / base - 1 : NaN) : values[i] - base;
    if (r !== r) continue;
    const list = byDay.get(layout.day[i]) ?? [];
    list.push(r);
    byDay.set(layout.day[i], list);
  }
  const days = [...byDay.keys()];
  const levels = days.map((day) => median(byDay.get(day)!));
  const { slope, intercept } = theilSen(days, levels);
  const residuals = levels.map((level, i) => Math.abs(level - (intercept + slope * days[i])));
  return {
    slope,
    intercept: intercept === intercept ? intercept : 0,
    scatter: MAD_SCALE * median(residuals) || 0,
    days,
  };
}

// A slot's spread comes from a few dozen points at most: the median over slots (relative to the
// profile for ratio series) is a steadier floor for a two-week interval.
function poolSpread(model: SeasonalModel, ratio: boolean): number {
  const spreads: number[] = [];
  for (let s = 0; s < model.spread.length; s++) {
    const spread = model.spread[s];
    const base = Math.abs(model.profile[s]);
    if (spread === spread && (!ratio || base > 0)) spreads.push(ratio ? spread / base : spread);
  }
  return spreads.length ? median(spreads) : 0;
}

function learning(series: RegularSeries): Forecast {
  const empty = new Float64Array(0);
  const startMs = series.startMs + series.values.length * series.stepMs;
  return {
    state: "learning",
    startMs,
    stepMs: series.stepMs,
    expected: empty,
    lower: empty,
    upper: empty,
    trendPerDay: 0,
    ratio: false,
  };
}

function fitForForecast(
  values: Float64Array,
  layout: SlotLayout,
  from: number,
  options: ResolvedBaselineOptions,
  step: number,
) {
  const n = values.length;
  const minSamples = Math.max(2, Math.round((1.5 * slotWidth(step)) / step));
  const scratch = fitScratch(n - from, layout.slots);
  let ratio = true;
  for (let i = from; i < n; i++) if (values[i] < 0) ratio = false;
  let model = fitSeasonalModel(values, layout, from, n, minSamples, scratch);
  if (step < DAY) {
    const adjusted = Float64Array.from(values);
    levelDays(values, adjusted, layout, model, { from, to: n, ratio }, new Float64Array(Math.ceil(DAY / step)));
    model = fitSeasonalModel(adjusted, layout, from, n, minSamples, scratch, values);
  }
  return { model, ratio, trend: dayTrend(values, layout, model, from, ratio) };
}

/**
 * Forecast from the same seasonal model the baseline uses, fitted on the last `historyMs`: the
 * slot profile, times (or plus) a level that follows the Theil–Sen trend of the daily levels. The
 * interval adds the slot's spread to the uncertainty of the trend line, which grows with distance.
 */
export function forecastSeries(series: RegularSeries, options: ForecastOptions = {}): Forecast {
  checkSeries(series);
  const resolved = resolveBaselineOptions(series.stepMs, options);
  const values = sanitizeValues(series.values);
  const step = series.stepMs;
  const n = values.length;
  let finite = 0;
  for (let i = 0; i < n; i++) if (values[i] === values[i]) finite++;
  if (finite * step < resolved.minHistoryMs / 2 || n * step < resolved.minHistoryMs) return learning(series);
  const layout = slotLayout(series, resolved);
  const from = Math.max(0, n - Math.ceil(resolved.historyMs / step));
  const { model, ratio, trend } = fitForForecast(values, layout, from, resolved, step);
  const horizon = Math.max(1, Math.ceil((options.horizonMs ?? 14 * DAY) / step));
  const startMs = series.startMs + n * step;
  const future = slotLayout({ startMs, stepMs: step, values: new Float64Array(horizon) }, resolved);
  const z = Z[options.coverage ?? 0.95];
  const forecast: Forecast = {
    state: "ready",
    startMs,
    stepMs: step,
    expected: new Float64Array(horizon).fill(NaN),
    lower: new Float64Array(horizon).fill(NaN),
    upper: new Float64Array(horizon).fill(NaN),
    trendPerDay: trend.slope,
    ratio,
  };
  const pooledSpread = poolSpread(model, ratio);
  const days = trend.days.length;
  const meanDay = days ? trend.days.reduce((sum, d) => sum + d, 0) / days : 0;
  const sxx = trend.days.reduce((sum, d) => sum + (d - meanDay) ** 2, 0) || 1;
  for (let i = 0; i < horizon; i++) {
    const base = profileAt(model, future, i);
    if (base !== base) continue;
    const day = future.day[i];
    const level = trend.intercept + trend.slope * day;
    const levelError = trend.scatter * Math.sqrt(1 / Math.max(1, days) + (day - meanDay) ** 2 / sxx);
    const scale = ratio ? Math.max(0, 1 + level) : 1;
    const expected = ratio ? (base > 0 ? base * scale : base) : base + level;
    const spread = model.spread[future.own[i]];
    const floor = Math.max(resolved.relativeFloor * Math.abs(expected), resolved.absoluteFloor);
    const pooled = ratio ? pooledSpread * Math.abs(expected) : pooledSpread;
    const slotSigma = Math.max(spread === spread ? spread * scale : 0, floor, pooled);
    const sigma = Math.sqrt(slotSigma ** 2 + (ratio ? Math.abs(base) * levelError : levelError) ** 2);
    forecast.expected[i] = expected;
    forecast.lower[i] = expected - z * sigma;
    forecast.upper[i] = expected + z * sigma;
  }
  return forecast;
}

export interface CapacityWarning {
  /** First future step whose expected value passes the threshold. */
  at: number;
  expected: number;
  /** last30dMax × (1 + marginFraction). */
  threshold: number;
  /** First step whose upper bound passes it (as early or earlier than `at`). */
  possibleFrom: number;
}

/**
 * Warns when the forecast's expected value exceeds the highest load of the last 30 days by more
 * than `marginFraction` (0.2: 20 % above). Null when it never does, or the forecast is learning.
 */
export function capacityWarning(forecast: Forecast, last30dMax: number, marginFraction = 0.2): CapacityWarning | null {
  if (!Number.isFinite(last30dMax) || !Number.isFinite(marginFraction) || marginFraction < 0) {
    throw new RangeError("capacityWarning needs a finite maximum and a margin of 0 or more");
  }
  const threshold = last30dMax + Math.abs(last30dMax) * marginFraction;
  let possibleFrom = -1;
  for (let i = 0; i < forecast.expected.length; i++) {
    if (possibleFrom < 0 && forecast.upper[i] > threshold) possibleFrom = i;
    if (!(forecast.expected[i] > threshold)) continue;
    const at = forecast.startMs + i * forecast.stepMs;
    return {
      at,
      expected: forecast.expected[i],
      threshold,
      possibleFrom: forecast.startMs + possibleFrom * forecast.stepMs,
    };
  }
  return null;
}
