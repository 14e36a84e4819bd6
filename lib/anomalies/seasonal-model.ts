import { MAD_SCALE, madInPlace, medianInPlace } from "@/lib/anomalies/robust-stats";
import type { SlotLayout } from "@/lib/anomalies/seasonal-slots";

/** The seasonal profile fitted on a history window: per slot, its median and robust spread. */
export interface SeasonalModel {
  profile: Float64Array;
  /** 1.4826 × MAD of the residuals in each slot (before any floor). */
  spread: Float64Array;
  counts: Int32Array;
}

/** Reusable buffers so a scan of thousands of series allocates once per series, not per refit. */
export interface FitScratch {
  buffer: Float64Array;
  offsets: Int32Array;
}

export function fitScratch(points: number, slots: number): FitScratch {
  return { buffer: new Float64Array(points), offsets: new Int32Array(slots + 1) };
}

/** Interpolated profile value at point i, falling back to its own slot when a neighbour is empty. */
export function profileAt(model: SeasonalModel, layout: SlotLayout, i: number): number {
  const pa = model.profile[layout.a[i]];
  const pb = model.profile[layout.b[i]];
  if (pa === pa && pb === pb) return pa + (pb - pa) * layout.w[i];
  return model.profile[layout.own[i]];
}

// Counting sort of the window's finite points into their slots, so each slot is a contiguous
// stretch of the buffer that quickselect can work on.
function scatter(
  values: Float64Array,
  layout: SlotLayout,
  from: number,
  to: number,
  scratch: FitScratch,
  counts: Int32Array,
  valueOf: (i: number) => number,
): void {
  const { offsets, buffer } = scratch;
  counts.fill(0);
  for (let i = from; i < to; i++) if (values[i] === values[i]) counts[layout.own[i]]++;
  offsets[0] = 0;
  for (let s = 0; s < counts.length; s++) offsets[s + 1] = offsets[s] + counts[s];
  const cursor = Int32Array.from(offsets);
  for (let i = from; i < to; i++) {
    if (values[i] !== values[i]) continue;
    const v = valueOf(i);
    buffer[cursor[layout.own[i]]++] = v;
  }
}

/**
 * Fits the profile on `values[from, to)`: each slot's median over the past days of that slot,
 * then each slot's spread as the scaled MAD of the residuals of `spreadOf` (the raw values when the
 * profile is fitted on levelled ones, so the spread keeps the day-to-day level's variation).
 * Slots with fewer than `minSamples` points stay NaN (not learned yet).
 */
export function fitSeasonalModel(
  values: Float64Array,
  layout: SlotLayout,
  from: number,
  to: number,
  minSamples: number,
  scratch: FitScratch,
  spreadOf: Float64Array = values,
): SeasonalModel {
  const slots = layout.slots;
  const model: SeasonalModel = {
    profile: new Float64Array(slots).fill(NaN),
    spread: new Float64Array(slots).fill(NaN),
    counts: new Int32Array(slots),
  };
  scatter(values, layout, from, to, scratch, model.counts, (i) => values[i]);
  const { offsets, buffer } = scratch;
  for (let s = 0; s < slots; s++) {
    if (model.counts[s] >= minSamples) model.profile[s] = medianInPlace(buffer, offsets[s], offsets[s + 1]);
  }
  scatter(spreadOf, layout, from, to, scratch, model.counts, (i) => spreadOf[i] - profileAt(model, layout, i));
  for (let s = 0; s < slots; s++) {
    if (model.counts[s] < minSamples) continue;
    const center = medianInPlace(buffer, offsets[s], offsets[s + 1]);
    model.spread[s] = MAD_SCALE * madInPlace(buffer, center, offsets[s], offsets[s + 1]);
  }
  return model;
}

/**
 * Takes each day's own level out of `values[from, to)` into `adjusted`: the day's median residual
 * against the profile (a ratio for non-negative series), so the profile learns the season's shape
 * from days at different levels (growth, a quiet week) and the spread is the noise around it.
 */
export function levelDays(
  values: Float64Array,
  adjusted: Float64Array,
  layout: SlotLayout,
  model: SeasonalModel,
  range: { from: number; to: number; ratio: boolean },
  buffer: Float64Array,
): void {
  const { from, to, ratio } = range;
  let start = from;
  while (start < to) {
    let end = start + 1;
    while (end < to && layout.day[end] === layout.day[start]) end++;
    let n = 0;
    for (let i = start; i < end; i++) {
      const base = profileAt(model, layout, i);
      const r = ratio ? (base > 0 ? values[i] / base - 1 : NaN) : values[i] - base;
      if (r === r && n < buffer.length) buffer[n++] = r;
    }
    const level = n ? medianInPlace(buffer, 0, n) : 0;
    for (let i = start; i < end; i++) {
      adjusted[i] = ratio ? (level > -1 ? values[i] / (1 + level) : values[i]) : values[i] - level;
    }
    start = end;
  }
}
