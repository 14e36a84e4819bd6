/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
export const MAD_SCALE = 1.4826;

/**
 * The k-th smallest of `values[from, to)` by Hoare's quickselect, reordering that range in place:
 * O(n) on average, so slot baselines never sort whole windows.
 */
export function selectKth(values: Float64Array, from: number, to: number, k: number): number {
  let lo = from;
  let hi = to - 1;
  const target = from + k;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target];
}

/** Median of `values[from, to)` (reorders that range); NaN when it is empty. */
export function medianInPlace(values: Float64Array, from = 0, to = values.length): number {
  const n = to - from;
  if (n <= 0) return NaN;
  const upper = selectKth(values, from, to, n >> 1);
  if (n % 2 === 1) return upper;
  // After the select, everything left of the upper middle is no larger than it.
  let lower = -Infinity;
  for (let i = from; i < from + (n >> 1); i++) if (values[i] > lower) lower = values[i];
  return lower / 2 + upper / 2;
}

/** Median absolute deviation of `values[from, to)` around `center` (overwrites that range). */
export function madInPlace(values: Float64Array, center: number, from = 0, to = values.length): number {
  for (let i = from; i < to; i++) values[i] = Math.abs(values[i] - center);
  return medianInPlace(values, from, to);
}

/** Median of a plain array of finite numbers, without touching it. */
export function median(values: readonly number[]): number {
  return medianInPlace(Float64Array.from(values));
}

/**
 * Theil–Sen line through (x, y): the slope is the median of all pairwise slopes and the intercept
 * the median of y − slope·x, so a few outlying days do not bend the trend.
 */
export function theilSen(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = Math.min(x.length, y.length);
  if (n === 0) return { slope: 0, intercept: NaN };
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (x[j] !== x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  }
  const slope = slopes.length ? median(slopes) : 0;
  const intercept = median(Array.from({ length: n }, (_, i) => y[i] - slope * x[i]));
  return { slope, intercept };
}
