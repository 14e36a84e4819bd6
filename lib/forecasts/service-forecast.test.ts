import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "@/lib/anomalies/series";
import { type HourTotal, highestHour, hourlySeries, serviceForecast } from "./service-forecast";

const END = Date.UTC(2031, 5, 2); // a Monday, 00:00
const key = { service: "checkout", environment: "prod" };

/** 30 days of hourly traffic with a daily crest, growing by `growth` a day. */
function traffic(growth: number, days = 30): HourTotal[] {
  return Array.from({ length: days * 24 }, (_, i) => {
    const t = END - days * DAY + i * HOUR;
    const shape = 1 + 0.5 * Math.sin((2 * Math.PI * ((i % 24) - 8)) / 24);
    return { t, requests: Math.round(1000 * shape * (1 + growth * (i / 24)) * (1 + 0.02 * Math.sin(i * 7.3))) };
  });
}

describe("serviceForecast", () => {
  it("warns of a steady climb past the last month's peak, naming the first hour", () => {
    const forecast = serviceForecast(key, traffic(0.05), END, 20);
    expect(forecast.state).toBe("ready");
    expect(forecast.history).toHaveLength(28 * 24);
    expect(forecast.points).toHaveLength(14 * 24);
    expect(forecast.points[0].t).toBe(new Date(END).toISOString());
    expect(forecast.capacity).toMatchObject({ ...key, level: "expected", marginPercent: 20 });
    const at = Date.parse(forecast.capacity!.expectedAt!);
    expect(at).toBeGreaterThan(END);
    expect(Date.parse(forecast.capacity!.upperAt)).toBeLessThanOrEqual(at);
    expect(forecast.capacity!.threshold).toBeCloseTo(forecast.highest * 1.2, 6);
    expect(forecast.trendPerDay).toBeGreaterThan(0.01);
  });

  it("stays quiet for flat traffic, and a larger margin quiets the climb", () => {
    expect(serviceForecast(key, traffic(0), END, 20).capacity).toBeNull();
    expect(serviceForecast(key, traffic(0.02), END, 1000).capacity).toBeNull();
  });

  it("keeps the intervals nested and never below zero", () => {
    for (const point of serviceForecast(key, traffic(-0.03), END, 20).points) {
      expect(point.lower95).toBeGreaterThanOrEqual(0);
      expect(point.lower95).toBeLessThanOrEqual(point.lower80);
      expect(point.upper80).toBeLessThanOrEqual(point.upper95);
    }
  });

  it("learns on a few days of traffic, and leaves hours without rows missing", () => {
    const young = serviceForecast(key, traffic(0, 3), END, 20);
    expect(young).toMatchObject({ state: "learning", points: [], capacity: null });
    const series = hourlySeries(
      [
        { t: END - HOUR, requests: 7 },
        { t: END + HOUR, requests: 9 },
        { t: END - 90 * 60_000, requests: 1 },
      ],
      END,
    );
    expect(series.values.at(-1)).toBe(7);
    expect(Number.isNaN(series.values.at(-2))).toBe(true);
    expect(series.values.filter((v) => v === v)).toHaveLength(1);
  });

  it("takes the highest hour of the 30 days before the end only", () => {
    const hours = [
      { t: END - 31 * DAY, requests: 9e9 },
      { t: END - 2 * HOUR, requests: 40 },
      { t: END, requests: 9e9 },
    ];
    expect(highestHour(hours, END)).toBe(40);
    expect(highestHour([], END)).toBe(0);
  });
});
