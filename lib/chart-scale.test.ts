import { describe, expect, it } from "vitest";
import { niceTicks, shortDay } from "./chart-scale";

describe("chart axes", () => {
  it("steps by 1, 2 or 5 times a power of ten and covers the data", () => {
    expect(niceTicks(0, 1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 33_120)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
    expect(niceTicks(0, 0.0734)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    for (const max of [0.001, 0.37, 7, 99.9, 281, 9_233.73, 1e7, 4.2e9]) {
      const ticks = niceTicks(0, max);
      const step = ticks[1] - ticks[0];
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
      expect([1, 2, 5]).toContain(mantissa);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });

  it("includes zero for negative values (credits) and survives empty or broken data", () => {
    expect(niceTicks(-40, 90)).toEqual([-50, 0, 50, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });

  it("writes days as month and day", () => {
    expect(shortDay("2026-12-05")).toBe("Dec 5");
    expect(shortDay("2026-01-31")).toBe("Jan 31");
    expect(shortDay("not a day")).toBe("not a day");
  });
});
