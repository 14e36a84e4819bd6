import { describe, expect, it } from "vitest";
import { toScaled } from "@/lib/decimal";
import { addDays } from "@/lib/time";
import { centsOf, centsText, unitsToCents } from "./cents";
import { costForecast, dailyCostSeries } from "./cost-forecast";

const key = { feature: "checkout", currency: "USD" };
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

function history(today: string, days: number, amount: (day: string) => string) {
  const map = new Map<string, bigint>();
  for (let back = 1; back <= days; back++) map.set(addDays(today, -back), toScaled(amount(addDays(today, -back))));
  return map;
}

describe("costForecast", () => {
  it("forecasts each weekday on its own with four weeks of history, in cents", () => {
    const today = "2031-05-12"; // a Monday
    const costs = history(today, 35, (day) => (weekday(day) === 1 ? "250.004" : "100"));
    const forecast = costForecast(key, costs, today);
    expect(forecast).toMatchObject({ state: "ready", weekly: "day-of-week" });
    expect(forecast.points).toHaveLength(14);
    expect(forecast.points[0]).toMatchObject({ day: today, expected: "250.00" });
    expect(forecast.points[1]).toMatchObject({ day: "2031-05-13", expected: "100.00" });
    expect(forecast.total?.expected).toBe("1700.00"); // two Mondays at 250, twelve days at 100
    for (const point of forecast.points) {
      expect(Number(point.lower95)).toBeLessThanOrEqual(Number(point.lower80));
      expect(Number(point.lower80)).toBeLessThanOrEqual(Number(point.expected));
      expect(Number(point.upper95)).toBeGreaterThanOrEqual(Number(point.upper80));
      expect(point.expected).toMatch(/^\d+\.\d{2}$/);
    }
    expect(forecast.history.at(-1)).toEqual({ day: "2031-05-11", cost: "100.00" });
  });

  it("groups weekdays against weekends with under four weeks, and learns under two", () => {
    const today = "2031-05-12";
    expect(
      costForecast(
        key,
        history(today, 20, () => "5"),
        today,
      ).weekly,
    ).toBe("day-type");
    const young = costForecast(
      key,
      history(today, 10, () => "5"),
      today,
    );
    expect(young).toMatchObject({ state: "learning", points: [], total: null });
    expect(costForecast(key, new Map(), today)).toMatchObject({ state: "learning", history: [] });
  });

  it("reads days without cost inside the history as zero and trailing ones as missing", () => {
    const costs = new Map([
      ["2031-05-01", 10n ** 18n],
      ["2031-05-03", 3n * 10n ** 18n],
    ]);
    const series = dailyCostSeries(costs, "2031-04-28", "2031-05-06");
    expect(Array.from(series.values)).toEqual([1, 0, 3, NaN, NaN]);
    expect(series.startMs).toBe(Date.UTC(2031, 4, 1));
  });
});

describe("cents", () => {
  it("rounds half away from zero, both ways, and refuses what is not a number", () => {
    expect([0.005, -0.005, 1.234, -0.004, 0].map((v) => centsText(centsOf(v)!))).toEqual([
      "0.01",
      "-0.01",
      "1.23",
      "0.00",
      "0.00",
    ]);
    expect(centsOf(NaN)).toBeNull();
    expect(centsOf(Infinity)).toBeNull();
    expect(centsText(centsOf(1e300)!)).toBe("1000000000000000.00");
    expect(centsText(unitsToCents(toScaled("-2.345")))).toBe("-2.35");
    expect(centsText(unitsToCents(toScaled("99999999999999999999.994999999999999999")))).toBe(
      "99999999999999999999.99",
    );
  });
});
