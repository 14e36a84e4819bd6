import { DAY, MINUTE, type RegularSeries } from "@/lib/anomalies/series";
import type { VolumeGuard } from "@/lib/anomalies/volume-guard";

/**
 * Labelled synthetic series for tests and `npm run bench:anomalies`, deterministic per seed.
 * Traffic is per-minute Poisson counts around a daily shape (two harmonics), a weekend factor,
 * a day-to-day level wandering smoothly (3 %), slowly wandering AR(1) noise (2 %) and a trend; 0.2 % of points
 * are missing. Anomaly sizes are in sigmas of that noise at the point (Poisson and day level).
 */
export type SyntheticKind =
  "seasonal" | "level-shift" | "spike" | "drift" | "holiday" | "latency-shift" | "low-volume" | "low-volume-errors";

export const SYNTHETIC_KINDS: readonly SyntheticKind[] = [
  "seasonal",
  "level-shift",
  "spike",
  "drift",
  "holiday",
  "latency-shift",
  "low-volume",
  "low-volume-errors",
];

/** An injected anomaly: points [start, end) of the series. */
export interface LabelledAnomaly {
  start: number;
  end: number;
}

export interface SyntheticSeries {
  name: string;
  kind: SyntheticKind;
  series: RegularSeries;
  labels: LabelledAnomaly[];
  /**
   * Holidays in the series (day starts): weekdays with weekend traffic. They carry no label, so
   * an episode on one is a false positive; the operator's holiday calendar is passed with them.
   */
  holidays: number[];
  guard: VolumeGuard;
}

/** mulberry32: a small, fast, seedable PRNG with values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Draw {
  uniform: (lo: number, hi: number) => number;
  normal: () => number;
  poisson: (mean: number) => number;
  chance: (p: number) => boolean;
}

function drawer(seed: number): Draw {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const poisson = (mean: number) => {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
  return { uniform: (lo, hi) => lo + (hi - lo) * random(), normal, poisson, chance: (p) => random() < p };
}

/** The clean expected traffic per minute and its noise sigma, before noise and anomalies. */
interface Traffic {
  startMs: number;
  mean: Float64Array;
  sigma: Float64Array;
  /** Multiplicative noise (day level × AR(1)) to apply on top of `mean`. */
  wander: Float64Array;
}

const WEEKEND = new Set([0, 6]);

function weekdayOf(t: number): number {
  return (Math.floor(t / DAY) + 4) % 7;
}

function traffic(draw: Draw, startMs: number, points: number, base: number, holiday: number | null): Traffic {
  const a1 = draw.uniform(0.3, 0.6);
  const a2 = draw.uniform(0, 0.15);
  const phase1 = draw.uniform(0, 24);
  const phase2 = draw.uniform(0, 24);
  const weekend = draw.uniform(0.5, 0.85);
  const growth = draw.uniform(-0.005, 0.01); // per day: −15 % to +30 % a month
  const result: Traffic = {
    startMs,
    mean: new Float64Array(points),
    sigma: new Float64Array(points),
    wander: new Float64Array(points),
  };
  // The day-to-day level moves smoothly from one day's draw to the next (not in steps at midnight).
  let dayFrom = 0;
  let dayTo = 0.03 * draw.normal();
  let ar = 0;
  for (let i = 0; i < points; i++) {
    const t = startMs + i * MINUTE;
    const hour = (t % DAY) / 3_600_000;
    if (i % 1440 === 0) {
      dayFrom = dayTo;
      dayTo = 0.03 * draw.normal();
    }
    const dayLevel = dayFrom + ((dayTo - dayFrom) * (i % 1440)) / 1440;
    ar = 0.9 * ar + Math.sqrt(1 - 0.81) * 0.02 * draw.normal();
    const day = Math.floor(t / DAY);
    const quiet = WEEKEND.has(weekdayOf(t)) || day === holiday;
    const shape =
      1 + a1 * Math.sin((2 * Math.PI * (hour - phase1)) / 24) + a2 * Math.sin((4 * Math.PI * (hour - phase2)) / 24);
    const mean = base * Math.max(0.2, shape) * (quiet ? weekend : 1) * (1 + (growth * i) / 1440);
    result.mean[i] = mean;
    result.sigma[i] = Math.sqrt(mean + (0.036 * mean) ** 2);
    result.wander[i] = Math.exp(dayLevel + ar);
  }
  return result;
}

/**
 * The baseline learns for 3 days and until it has seen two days of each day group (weekdays,
 * weekends): anomalies are placed after day 7 so each one can be detected.
 */
function place(draw: Draw, points: number, length: number): LabelledAnomaly {
  const start = Math.floor(draw.uniform(7 * 1440, points - length - 60));
  return { start, end: start + length };
}

// The injected deviation of each point, in sigmas of the noise there.
function deviation(
  kind: SyntheticKind,
  draw: Draw,
  points: number,
): { delta: Float64Array; labels: LabelledAnomaly[] } {
  const delta = new Float64Array(points);
  const sign = draw.chance(0.5) ? 1 : -1;
  if (kind === "level-shift" || kind === "latency-shift") {
    const label = place(draw, points, Math.round(draw.uniform(20, 360)));
    delta.fill(sign * draw.uniform(3, 6), label.start, label.end);
    return { delta, labels: [label] };
  }
  if (kind === "spike") {
    const label = place(draw, points, Math.round(draw.uniform(1, 5)));
    delta.fill((draw.chance(0.8) ? 1 : -1) * draw.uniform(6, 12), label.start, label.end);
    return { delta, labels: [label] };
  }
  if (kind === "drift") {
    const ramp = Math.round(draw.uniform(60, 360));
    const label = place(draw, points, ramp + Math.round(draw.uniform(30, 120)));
    const size = sign * draw.uniform(4, 8);
    for (let i = label.start; i < label.end; i++) delta[i] = size * Math.min(1, (i - label.start) / ramp);
    return { delta, labels: [label] };
  }
  return { delta, labels: [] };
}

/** A weekday between day 4 and day 13 of the series, as a day index from the epoch. */
function pickHoliday(draw: Draw, startMs: number): number {
  const first = Math.floor(startMs / DAY) + 4;
  for (;;) {
    const day = first + Math.floor(draw.uniform(0, 10));
    if (!WEEKEND.has((day + 4) % 7)) return day;
  }
}

function baseOf(kind: SyntheticKind, draw: Draw): number {
  const logUniform = (lo: number, hi: number) => Math.exp(draw.uniform(Math.log(lo), Math.log(hi)));
  if (kind === "low-volume") return logUniform(0.02, 3);
  if (kind === "low-volume-errors") return logUniform(0.2, 30);
  return logUniform(20, 3000);
}

function values(kind: SyntheticKind, draw: Draw, load: Traffic, delta: Float64Array) {
  const n = load.mean.length;
  const out = new Float64Array(n);
  const volume = new Float64Array(n);
  const errorRate = draw.uniform(0.005, 0.05);
  const latency = draw.uniform(20, 800);
  let latencyFrom = 0;
  let latencyTo = 0;
  for (let i = 0; i < n; i++) {
    const mean = load.mean[i] * load.wander[i];
    if (kind === "latency-shift" || kind === "low-volume-errors") {
      volume[i] = draw.poisson(mean);
      if (kind === "low-volume-errors") {
        out[i] = volume[i] > 0 ? draw.poisson(volume[i] * errorRate) / volume[i] : NaN;
        continue;
      }
      if (i % 1440 === 0) [latencyFrom, latencyTo] = [latencyTo, 0.03 * draw.normal()];
      const latencyDay = latencyFrom + ((latencyTo - latencyFrom) * (i % 1440)) / 1440;
      const typical = latency * (1 + 0.3 * (load.mean[i] / load.mean[0] - 1));
      out[i] = typical * Math.exp(latencyDay + 0.08 * draw.normal()) + delta[i] * 0.085 * typical;
      continue;
    }
    out[i] = draw.poisson(Math.max(0, mean + delta[i] * load.sigma[i]));
  }
  for (let i = 0; i < n; i++) if (draw.chance(0.002)) out[i] = NaN;
  return { out, volume };
}

function guardOf(kind: SyntheticKind): VolumeGuard {
  if (kind === "latency-shift") return { kind: "latency" };
  if (kind === "low-volume-errors") return { kind: "error-rate" };
  return { kind: "request-rate" };
}

/** One labelled per-minute series of `days` days (default 14). */
export function syntheticSeries(kind: SyntheticKind, seed: number, days = 14): SyntheticSeries {
  const draw = drawer(seed);
  const points = days * 1440;
  const startMs = (20_454 + Math.floor(draw.uniform(0, 365))) * DAY; // a day of 2026
  const holiday = kind === "holiday" ? pickHoliday(draw, startMs) : null;
  const load = traffic(draw, startMs, points, baseOf(kind, draw), holiday);
  const { delta, labels } = deviation(kind, draw, points);
  const { out, volume } = values(kind, draw, load, delta);
  const withVolume = kind === "latency-shift" || kind === "low-volume-errors";
  return {
    name: `${kind}-${seed}`,
    kind,
    series: { startMs, stepMs: MINUTE, values: out, ...(withVolume ? { volume } : {}) },
    labels,
    holidays: holiday === null ? [] : [holiday * DAY],
    guard: guardOf(kind),
  };
}

/** `perKind` series of every kind, seeds derived from `seed`. */
export function labelledSet(perKind: number, seed = 1): SyntheticSeries[] {
  return SYNTHETIC_KINDS.flatMap((kind, k) =>
    Array.from({ length: perKind }, (_, i) => syntheticSeries(kind, seed * 1_000_003 + k * 10_007 + i)),
  );
}
