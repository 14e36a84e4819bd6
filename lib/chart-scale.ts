// Axis ticks and labels the console's charts share: round steps (1, 2 or 5 × 10^n) so an axis
// reads $0, $5k, $10k rather than $0, $3,333, $6,667, and short dates on day axes.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The smallest step of the form 1, 2 or 5 × 10^n that covers `span` in at most `count` steps. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw * (1 - 1e-9));
  return step ?? 10 * power;
}

/**
 * Round ticks covering [min, max], always including 0, about `count` of them: the axis domain is
 * the first and last tick. Values from float data; each tick is rounded to its step's precision.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const low = Math.min(0, Number.isFinite(min) ? min : 0);
  const high = Math.max(0, Number.isFinite(max) ? max : 0);
  if (high === low) return [0, 1];
  const step = niceStep(high - low, count);
  const places = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let tick = Math.floor(low / step) * step; tick < high + step / 2; tick += step)
    ticks.push(Number(tick.toFixed(places)));
  if (ticks[ticks.length - 1] < high) ticks.push(Number((ticks[ticks.length - 1] + step).toFixed(places)));
  return ticks;
}

/** "2026-12-05" as "Dec 5", for day axes: a multi-day axis names its month. */
export function shortDay(day: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  return `${MONTHS[Number(match[1]) - 1] ?? match[1]} ${Number(match[2])}`;
}
