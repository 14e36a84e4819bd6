import { VigilError } from "@/lib/errors";

/** One observation as the rollups give it: a bucket start (ms since the epoch, UTC) and a value. */
export interface SeriesPoint {
  t: number;
  /** null, NaN or ±Infinity mean the bucket is missing. */
  value: number | null;
}

/**
 * An evenly spaced series: `values[i]` is the bucket starting at `startMs + i·stepMs`. Missing
 * buckets are NaN. This is the form every function here works on (typed arrays keep scans fast).
 */
export interface RegularSeries {
  startMs: number;
  stepMs: number;
  values: Float64Array;
  /** Requests per bucket, for error-rate and latency series (the volume guard reads it). */
  volume?: Float64Array;
  /**
   * Requests each kept span stands for, per bucket (head sampling): noise floors and the volume
   * guard count the spans actually seen, not the requests they stand for. Absent or NaN: 1.
   */
  weight?: Float64Array;
}

/** The sampling weight of point `i`: at least 1, and 1 when unknown. */
export function weightAt(series: Pick<RegularSeries, "weight">, i: number): number {
  const w = series.weight?.[i];
  return w !== undefined && w >= 1 ? w : 1;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** At most 400 days of per-minute buckets: beyond that a caller has made a mistake. */
export const MAX_POINTS = 576_000;

function badInput(message: string, details: Record<string, number> = {}): VigilError {
  return new VigilError("bad_request", message, details);
}

/** Throws a bad_request VigilError unless the series' start, step and length are usable. */
export function checkSeries(series: RegularSeries): void {
  const { startMs, stepMs, values, volume } = series;
  if (!Number.isSafeInteger(startMs)) throw badInput("The series start must be a whole number of ms");
  if (!Number.isSafeInteger(stepMs) || stepMs < 1000 || stepMs > 7 * DAY) {
    throw badInput("The series step must be between 1 s and 7 days, in whole ms", { stepMs: Number(stepMs) });
  }
  if (values.length > MAX_POINTS) throw badInput("The series is too long", { points: values.length });
  if (volume && volume.length !== values.length) throw badInput("The volume must have one value per point");
  if (series.weight && series.weight.length !== values.length)
    throw badInput("The weight must have one value per point");
}

/**
 * Lays points out on the step grid. Unsorted points are sorted; a timestamp that is not a whole
 * number of steps from the first, or that appears twice, is an error (two values for one bucket
 * are ambiguous, and silently keeping one would hide a bug in the caller). Non-finite values and
 * buckets with no point become NaN (missing).
 */
export function toRegularSeries(points: readonly SeriesPoint[], stepMs: number): RegularSeries {
  if (points.length === 0) return { startMs: 0, stepMs, values: new Float64Array(0) };
  let first = Infinity;
  let last = -Infinity;
  for (const point of points) {
    if (!Number.isSafeInteger(point.t)) throw badInput("Every timestamp must be a whole number of ms");
    if (point.t < first) first = point.t;
    if (point.t > last) last = point.t;
  }
  const length = Math.floor((last - first) / stepMs) + 1;
  const series: RegularSeries = { startMs: first, stepMs, values: new Float64Array(0) };
  checkSeries({ ...series, values: new Float64Array(Math.min(length, MAX_POINTS + 1)) });
  const values = new Float64Array(length).fill(NaN);
  const seen = new Uint8Array(length);
  for (const point of points) {
    const offset = point.t - first;
    if (offset % stepMs !== 0) throw badInput("A timestamp is off the step grid", { t: point.t, stepMs });
    const i = offset / stepMs;
    if (seen[i]) throw badInput("A timestamp appears twice", { t: point.t });
    seen[i] = 1;
    const value = point.value;
    values[i] = value !== null && Number.isFinite(value) ? value : NaN;
  }
  return { ...series, values };
}

/** The timestamp of point `i`. */
export function timeAt(series: RegularSeries, i: number): number {
  return series.startMs + i * series.stepMs;
}

/**
 * The entry found under `key`, made the first time with a series of `length` slots from
 * `startMs`, each NaN (no data) until a row fills it: how every reader builds its series from rows.
 */
export function entryFor<T>(
  found: Map<string, T>,
  key: string,
  slots: { startMs: number; stepMs: number; length: number },
  make: (series: RegularSeries) => T,
): T {
  let entry = found.get(key);
  if (!entry) {
    entry = make({ startMs: slots.startMs, stepMs: slots.stepMs, values: new Float64Array(slots.length).fill(NaN) });
    found.set(key, entry);
  }
  return entry;
}
