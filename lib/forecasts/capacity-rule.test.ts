import { describe, expect, it } from "vitest";
import type { Forecast } from "@/lib/anomalies/forecast";
import { HOUR } from "@/lib/anomalies/series";
import { capacityRule } from "./capacity-rule";

const START = Date.UTC(2031, 0, 6);

function forecastOf(expected: number[], halfWidth: number, state: Forecast["state"] = "ready"): Forecast {
  return {
    state,
    startMs: START,
    stepMs: HOUR,
    expected: Float64Array.from(expected),
    lower: Float64Array.from(expected, (v) => v - halfWidth),
    upper: Float64Array.from(expected, (v) => v + halfWidth),
    trendPerDay: 0,
    ratio: true,
  };
}

describe("capacityRule", () => {
  it("warns at the first hour the expected rate passes the highest hour by the margin", () => {
    // 1,000 at most so far, a 20 % margin: 1,200 is the line; hour 3 is the first past it.
    const finding = capacityRule(forecastOf([900, 1100, 1200, 1250, 1300, 1000], 30), 1000, 20);
    expect(finding).toEqual({
      level: "expected",
      highest: 1000,
      threshold: 1200,
      marginPercent: 20,
      expectedAt: START + 3 * HOUR,
      upperAt: START + 2 * HOUR,
      peakExpected: 1300,
    });
  });

  it("is only possible when the upper bound passes and the expected rate never does", () => {
    const finding = capacityRule(forecastOf([1000, 1150, 1100], 100), 1000, 20);
    expect(finding).toMatchObject({ level: "possible", expectedAt: null, upperAt: START + HOUR, peakExpected: 1150 });
  });

  it("stays quiet at the threshold itself, below it, while learning and with no load seen", () => {
    expect(capacityRule(forecastOf([1200, 1199], 0), 1000, 20)).toBeNull();
    expect(capacityRule(forecastOf([5000], 0, "learning"), 1000, 20)).toBeNull();
    expect(capacityRule(forecastOf([5000], 0), 0, 20)).toBeNull();
    expect(capacityRule(forecastOf([], 0), 1000, 20)).toBeNull();
  });

  it("takes a zero margin as the highest hour itself, and a large one as far above it", () => {
    expect(capacityRule(forecastOf([1001], 0), 1000, 0)?.expectedAt).toBe(START);
    expect(capacityRule(forecastOf([10_999], 0), 1000, 1000)).toBeNull();
    expect(capacityRule(forecastOf([11_001], 0), 1000, 1000)?.threshold).toBe(11_000);
  });

  it("ignores hours the model could not forecast (NaN)", () => {
    expect(capacityRule(forecastOf([NaN, 1300], 0), 1000, 20)?.expectedAt).toBe(START + HOUR);
  });

  it("refuses a margin below zero and a highest load that is not finite", () => {
    expect(() => capacityRule(forecastOf([1], 0), 1000, -1)).toThrow(RangeError);
    expect(() => capacityRule(forecastOf([1], 0), NaN, 20)).toThrow(RangeError);
    expect(() => capacityRule(forecastOf([1], 0), Infinity, 20)).toThrow(RangeError);
    expect(() => capacityRule(forecastOf([1], 0), 1000, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
