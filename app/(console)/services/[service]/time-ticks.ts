import { shortDay } from "@/lib/chart-scale";

const MIN = 60_000;
const STEPS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MIN);
const MAX_TICKS = 8;

/**
 * Ticks for a time axis over [from, to]: round UTC times (whole minutes, hours or days), at most
 * eight; a day-or-longer step is written as the day, a shorter one as the time.
 */
export function timeTicks([from, to]: [number, number]): { ticks: number[]; format: (t: number) => string } {
  const step =
    STEPS.find((s) => (to - from) / s <= MAX_TICKS) ?? Math.ceil((to - from) / MAX_TICKS / (1440 * MIN)) * 1440 * MIN;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  const iso = (t: number) => new Date(t).toISOString();
  return { ticks, format: step >= 1440 * MIN ? (t) => shortDay(iso(t)) : (t) => iso(t).slice(11, 16) };
}
