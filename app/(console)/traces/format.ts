/** A duration as people read it: µs below a millisecond, ms below a second, then seconds. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Number((ms * 1000).toPrecision(3))} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

/** A bucket bound on the chart's axis: 500 µs, 2 ms, 5 s. */
export function formatBound(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms} ms`;
  return `${ms / 1000} s`;
}
