import { describe, expect, it } from "vitest";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { baselinePoints, LEARNING, MISSING, SCORED } from "@/lib/anomalies/baseline-result";
import { seasonalBaseline } from "@/lib/anomalies/seasonal-baseline";
import { DAY, HOUR, MINUTE, type RegularSeries } from "@/lib/anomalies/series";
import { seededRandom } from "@/lib/anomalies/synthetic-series";

const START = Date.UTC(2026, 2, 2); // a Monday

function series(points: number, value: (i: number, t: number) => number, stepMs = MINUTE): RegularSeries {
  return {
    startMs: START,
    stepMs,
    values: Float64Array.from({ length: points }, (_, i) => value(i, START + i * stepMs)),
  };
}

function argMaxAbs(values: Float64Array): number {
  let best = -1;
  for (let i = 0; i < values.length; i++)
    if (values[i] === values[i] && (best < 0 || Math.abs(values[i]) > Math.abs(values[best]))) best = i;
  return best;
}

// Traffic peaking at 14:00 UTC, ±50 % over the day, with a little deterministic noise.
function daily(noise = 0.02, seed = 7) {
  const random = seededRandom(seed);
  return (_: number, t: number) => {
    const hour = (t % DAY) / HOUR;
    return 1000 * (1 + 0.5 * Math.sin((2 * Math.PI * (hour - 8)) / 24)) * (1 + noise * (random() - 0.5) * 2);
  };
}

describe("seasonalBaseline", () => {
  it("gives a flat series with one spike one high score, exactly at the spike", () => {
    const spikeAt = 4 * 1440 + 300; // a Friday
    const flat = series(5 * 1440, (i) => (i === spikeAt ? 200 : 100));
    const result = seasonalBaseline(flat);
    expect(argMaxAbs(result.score)).toBe(spikeAt);
    expect(result.score[spikeAt]).toBeGreaterThan(50);
    const others = Array.from(result.score).filter((z, i) => z === z && i !== spikeAt);
    expect(Math.max(...others.map(Math.abs))).toBeLessThan(1);
    const { episodes } = detectAnomalies(flat);
    expect(episodes.map((e) => e.peakAt)).toEqual([START + spikeAt * MINUTE]);
  });

  it("does not flag a daily-seasonal series at its normal peak", () => {
    const seasonal = series(10 * 1440, daily());
    const result = seasonalBaseline(seasonal);
    const peak = 8 * 1440 + 14 * 60;
    expect(result.state[peak]).toBe(SCORED);
    expect(Math.abs(result.score[peak])).toBeLessThan(2);
    expect(result.expected[peak]).toBeGreaterThan(1400);
    expect(detectAnomalies(seasonal).episodes).toEqual([]);
  });

  it("flags a level shift and places the episode on it", () => {
    const shiftFrom = 8 * 1440 + 600;
    const shiftTo = shiftFrom + 120;
    const base = daily();
    const shifted = series(9 * 1440, (i, t) => base(i, t) * (i >= shiftFrom && i < shiftTo ? 1.3 : 1));
    const { episodes } = detectAnomalies(shifted);
    expect(episodes).toHaveLength(1);
    expect(episodes[0].direction).toBe("up");
    expect(episodes[0].startIndex).toBeGreaterThanOrEqual(shiftFrom);
    expect(episodes[0].detectedAt - (START + shiftFrom * MINUTE)).toBeLessThanOrEqual(15 * MINUTE);
    expect(episodes[0].endIndex).toBeLessThan(shiftTo + 10);
  });

  it("says learning until it has 3 days of history", () => {
    const result = seasonalBaseline(series(4 * 1440, daily()));
    expect(result.state[3 * 1440 - 1]).toBe(LEARNING);
    expect(Number.isNaN(result.score[3 * 1440 - 1])).toBe(true);
    expect(result.state[3 * 1440 + 1]).toBe(SCORED);
    expect(baselinePoints(result)[10]).toMatchObject({ state: "learning", score: null, expected: null });
  });

  it("keeps learning on a weekend until it has seen two weekend days", () => {
    // Starts on a Monday: the first Saturday and Sunday have no weekend history.
    const result = seasonalBaseline(series(9 * 1440, daily()));
    expect(result.state[5 * 1440 + 600]).toBe(LEARNING); // Saturday
    expect(result.state[6 * 1440 + 600]).toBe(LEARNING); // Sunday: one weekend day seen
    expect(result.state[7 * 1440 + 600]).toBe(SCORED); // Monday
  });

  it("scores hourly and daily series with their own cold start", () => {
    const hourly = seasonalBaseline(series(10 * 24, daily(), HOUR));
    expect(hourly.state[6 * 24]).toBe(LEARNING);
    expect(hourly.state[9 * 24 + 3]).toBe(SCORED);
    const daySeries = series(40, (i) => 50 + (i % 7 === 5 || i % 7 === 6 ? -20 : 0) + (i % 3), DAY);
    const result = seasonalBaseline(daySeries);
    expect(result.state[10]).toBe(LEARNING);
    expect(result.state[30]).toBe(SCORED);
    expect(Math.abs(result.score[33])).toBeLessThan(3); // a weekend day at its weekend level
  });

  it("marks missing points and scores around them", () => {
    const values = series(5 * 1440, daily());
    for (let i = 4 * 1440; i < 4 * 1440 + 30; i++) values.values[i] = NaN;
    const result = seasonalBaseline(values);
    expect(result.state[4 * 1440 + 10]).toBe(MISSING);
    expect(result.expected[4 * 1440 + 10]).toBeGreaterThan(0);
    expect(result.state[4 * 1440 + 40]).toBe(SCORED);
  });
});

describe("seasonalBaseline on adversarial input", () => {
  it("returns empty arrays for an empty series and learning for one point", () => {
    expect(seasonalBaseline(series(0, () => 1)).score).toHaveLength(0);
    const one = seasonalBaseline(series(1, () => 1));
    expect(Array.from(one.state)).toEqual([LEARNING]);
  });

  it("treats all-NaN and ±Infinity as missing, never as scores", () => {
    const nan = seasonalBaseline(series(5 * 1440, () => NaN));
    expect(Array.from(nan.state).every((s) => s === LEARNING)).toBe(true);
    const inf = seasonalBaseline(series(5 * 1440, (i) => (i % 100 === 0 ? Infinity : i % 100 === 1 ? -Infinity : 10)));
    expect(inf.state[5900]).toBe(MISSING); // 5900 % 100 === 0: Infinity
    expect(Array.from(inf.score).every((z) => Number.isNaN(z) || Number.isFinite(z))).toBe(true);
  });

  it("keeps scores finite and capped for values of 1e308 and -1e308", () => {
    const huge = seasonalBaseline(series(5 * 1440, (i) => (i === 4 * 1440 ? 1e308 : i === 4 * 1440 + 5 ? -1e308 : 3)));
    expect(huge.score[4 * 1440]).toBe(1e6);
    expect(huge.score[4 * 1440 + 5]).toBe(-1e6);
    expect(Number.isFinite(huge.upper[4 * 1440])).toBe(true);
  });

  it("handles negative values with an additive level", () => {
    const negative = seasonalBaseline(series(5 * 1440, daily(0.02, 3)));
    const flipped = seasonalBaseline(series(5 * 1440, (i, t) => -daily(0.02, 3)(i, t)));
    expect(flipped.expected[4 * 1440 + 100]).toBeLessThan(-500);
    expect(Math.abs(flipped.score[4 * 1440 + 100])).toBeLessThan(3);
    expect(negative.state[4 * 1440 + 100]).toBe(SCORED);
  });

  it("rejects a step that is not a whole number of ms or out of range", () => {
    expect(() => seasonalBaseline({ startMs: 0, stepMs: 0, values: new Float64Array(3) })).toThrow(/step/);
    expect(() => seasonalBaseline({ startMs: 0, stepMs: 1.5, values: new Float64Array(3) })).toThrow(/step/);
    expect(() => seasonalBaseline({ startMs: NaN, stepMs: MINUTE, values: new Float64Array(3) })).toThrow(/start/);
  });
});
