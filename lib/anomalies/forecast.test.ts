import { describe, expect, it } from "vitest";
import { capacityWarning, forecastSeries } from "@/lib/anomalies/forecast";
import { DAY, HOUR, MINUTE, type RegularSeries } from "@/lib/anomalies/series";
import { seededRandom } from "@/lib/anomalies/synthetic-series";

const START = Date.UTC(2026, 2, 2); // a Monday

// Hourly traffic with a daily shape, quieter weekends, `growth` per day and 3 % noise.
function traffic(days: number, growth: number, seed = 9): Float64Array {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Float64Array.from({ length: days * 24 }, (_, i) => {
    const t = START + i * HOUR;
    const weekday = (Math.floor(t / DAY) + 4) % 7;
    const shape = 1 + 0.4 * Math.sin((2 * Math.PI * ((i % 24) - 7)) / 24);
    const week = weekday === 0 || weekday === 6 ? 0.7 : 1;
    return 500 * shape * week * (1 + growth * (i / 24)) * (1 + 0.03 * normal());
  });
}

function split(values: Float64Array, historyDays: number): { history: RegularSeries; heldOut: Float64Array } {
  return {
    history: { startMs: START, stepMs: HOUR, values: values.slice(0, historyDays * 24) },
    heldOut: values.slice(historyDays * 24),
  };
}

describe("forecastSeries", () => {
  it("holds most held-out seasonal values in its 95 % interval, two weeks ahead", () => {
    const { history, heldOut } = split(traffic(35, 0), 21);
    const forecast = forecastSeries(history);
    expect(forecast.state).toBe("ready");
    expect(forecast.expected).toHaveLength(14 * 24);
    expect(forecast.startMs).toBe(START + 21 * DAY);
    let inside = 0;
    for (let i = 0; i < heldOut.length; i++)
      if (heldOut[i] >= forecast.lower[i] && heldOut[i] <= forecast.upper[i]) inside++;
    expect(inside / heldOut.length).toBeGreaterThan(0.85);
    const width = forecast.upper[0] - forecast.lower[0];
    expect(width).toBeLessThan(0.5 * forecast.expected[0]); // an interval, not the whole axis
  });

  it("picks up a trend and carries it forward", () => {
    const { history, heldOut } = split(traffic(35, 0.02), 21);
    const forecast = forecastSeries(history);
    expect(forecast.ratio).toBe(true);
    expect(forecast.trendPerDay).toBeGreaterThan(0.01);
    expect(forecast.trendPerDay).toBeLessThan(0.03);
    const last = heldOut.length - 24;
    let error = 0;
    for (let i = last; i < heldOut.length; i++) error += (forecast.expected[i] - heldOut[i]) / heldOut[i] / 24;
    expect(Math.abs(error)).toBeLessThan(0.08); // the last forecast day is within 8 % on average
    let inside = 0;
    for (let i = 0; i < heldOut.length; i++)
      if (heldOut[i] >= forecast.lower[i] && heldOut[i] <= forecast.upper[i]) inside++;
    expect(inside / heldOut.length).toBeGreaterThan(0.8);
  });

  it("uses an additive trend when the series goes negative", () => {
    const values = Float64Array.from({ length: 21 * 24 }, (_, i) => -100 - (i / 24) * 5 + 10 * Math.sin(i / 3));
    const forecast = forecastSeries({ startMs: START, stepMs: HOUR, values });
    expect(forecast.ratio).toBe(false);
    expect(forecast.trendPerDay).toBeCloseTo(-5, 0);
    expect(forecast.expected[forecast.expected.length - 1]).toBeLessThan(-180);
  });

  it("says learning with too little history, and for an all-NaN series", () => {
    expect(forecastSeries({ startMs: START, stepMs: HOUR, values: traffic(3, 0) }).state).toBe("learning");
    expect(forecastSeries({ startMs: START, stepMs: MINUTE, values: new Float64Array(5 * 1440).fill(NaN) }).state).toBe(
      "learning",
    );
  });

  it("forecasts per-minute series at their own step", () => {
    const values = Float64Array.from({ length: 8 * 1440 }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 1440));
    const forecast = forecastSeries({ startMs: START, stepMs: MINUTE, values }, { horizonMs: DAY });
    expect(forecast.expected).toHaveLength(1440);
    expect(forecast.expected[360]).toBeGreaterThan(110); // the daily crest comes back at 06:00
  });
});

describe("capacityWarning", () => {
  it("warns when the forecast passes the last 30 days' maximum by the margin", () => {
    const { history } = split(traffic(21, 0.03), 21);
    const max = Math.max(...history.values);
    const warning = capacityWarning(forecastSeries(history), max, 0.1);
    expect(warning).not.toBeNull();
    expect(warning!.threshold).toBeCloseTo(max * 1.1, 6);
    expect(warning!.expected).toBeGreaterThan(max * 1.1);
    expect(warning!.possibleFrom).toBeLessThanOrEqual(warning!.at);
    expect(warning!.at).toBeGreaterThan(START + 21 * DAY);
  });

  it("stays quiet for a flat forecast and rejects a bad maximum or margin", () => {
    const { history } = split(traffic(21, 0), 21);
    const forecast = forecastSeries(history);
    expect(capacityWarning(forecast, Math.max(...history.values), 0.2)).toBeNull();
    expect(() => capacityWarning(forecast, NaN, 0.2)).toThrow(RangeError);
    expect(() => capacityWarning(forecast, 10, -1)).toThrow(RangeError);
  });
});
