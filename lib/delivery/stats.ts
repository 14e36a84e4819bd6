// Median and mean of the DORA figures.

/**
 * DevLake's median: `max(x) WHERE percent_rank() <= 0.5`, i.e. the LOWER middle value of the sorted
 * list (no averaging of the two middle values), so Vigil's figures match the DevLake dashboards teams
 * compare against and a median is always a value that was observed. null for no values.
 */
export function devlakeMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
