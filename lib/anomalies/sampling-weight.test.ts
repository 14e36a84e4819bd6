import { describe, expect, it } from "vitest";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { HOUR, type RegularSeries } from "@/lib/anomalies/series";
import { detectSeries } from "@/lib/anomalies/series-settings";

// Head-sampled traffic: each kept span stands for `weight` requests. Rates and error rates built
// from a handful of kept spans jump by a whole span's worth at a time; the baseline must judge
// them by the spans seen, not the requests they stand for.

const START = Date.UTC(2026, 2, 2);
const HOURS = 15 * 24;
const load = (i: number) => 0.55 - 0.45 * Math.cos((2 * Math.PI * ((i % 24) - 3)) / 24);

/** An hourly error-rate series: 0.4% errors, except one failing kept span in the last hours. */
function errorSeries(weight: number): RegularSeries {
  const volume = Float64Array.from({ length: HOURS }, (_, i) => Math.round(800 * load(i)) + 200);
  const values = Float64Array.from({ length: HOURS }, (_, i) => (i >= HOURS - 6 && i % 2 ? weight / volume[i] : 0.004));
  return { startMs: START, stepMs: HOUR, values, volume, weight: new Float64Array(HOURS).fill(weight) };
}

describe("sampled traffic", () => {
  it("does not page for one failing span that stands for 32 requests", () => {
    expect(detectAnomalies(errorSeries(32), { guard: { kind: "error-rate" } }).episodes).toEqual([]);
  });

  it("still pages for the same error rate seen over every request", () => {
    const unsampled = errorSeries(1);
    const values = unsampled.values.map((v, i) => (i >= HOURS - 6 && i % 2 ? 0.04 : v));
    const episodes = detectAnomalies({ ...unsampled, values }, { guard: { kind: "error-rate" } }).episodes;
    expect(episodes.length).toBeGreaterThan(0);
  });

  it("widens a request rate's band by the weight, and judges p95 over the spans seen", () => {
    const requests = Float64Array.from({ length: HOURS }, (_, i) => Math.round(500 * load(i)) + 100);
    const dipped = requests.map((v, i) => (i === HOURS - 3 ? v * 0.55 : v));
    const series = (weight: number): RegularSeries => ({
      startMs: START,
      stepMs: HOUR,
      values: dipped,
      weight: new Float64Array(HOURS).fill(weight),
    });
    const at = HOURS - 3;
    const tight = detectSeries(series(1), "requests", "medium").baseline;
    const wide = detectSeries(series(32), "requests", "medium").baseline;
    expect(wide.upper[at] - wide.lower[at]).toBeGreaterThan(2 * (tight.upper[at] - tight.lower[at]));

    const p95 = Float64Array.from({ length: HOURS }, (_, i) => (i === at ? 260 : 200));
    const latency = (samples: number): RegularSeries => ({
      startMs: START,
      stepMs: HOUR,
      values: p95,
      volume: new Float64Array(HOURS).fill(samples * 16),
      weight: new Float64Array(HOURS).fill(16),
    });
    expect(detectSeries(latency(25), "latency", "medium").baseline.score[at]).toBeLessThan(2);
    expect(detectSeries(latency(2_500), "latency", "medium").baseline.score[at]).toBeGreaterThan(3);
  });
});
