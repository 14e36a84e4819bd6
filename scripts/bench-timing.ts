// How the benchmarks time a read: `warmups` untimed runs (one by default), then `runs` timed runs;
// prints the p95 and the median on one line (the label padded to `pad`) and returns the p95 in
// milliseconds.

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

export async function timedP95(
  label: string,
  work: () => Promise<unknown>,
  runs: number,
  pad: number,
  warmups = 1,
): Promise<number> {
  for (let i = 0; i < warmups; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const value = p95(times);
  const median = [...times].sort((a, b) => a - b)[runs / 2];
  console.log(`${label.padEnd(pad)} p95 ${value.toFixed(1)} ms (median ${median.toFixed(1)} ms)`);
  return value;
}
