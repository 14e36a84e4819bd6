import { describe, expect, it } from "vitest";
import { toScaled } from "@/lib/decimal";
import { addDays } from "@/lib/time";
import { projectMonth } from "./project-month";

const UNIT = 10n ** 18n;

/** Daily spend ending the day before `today`: `amount(i)` for the i-th day back (1 = yesterday). */
function spend(today: string, days: number, amount: (day: string, back: number) => string): Map<string, bigint> {
  const map = new Map<string, bigint>();
  for (let back = 1; back <= days; back++) {
    const day = addDays(today, -back);
    map.set(day, toScaled(amount(day, back)));
  }
  return map;
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

describe("projectMonth", () => {
  it("adds the model's expected days to the month to date, with a range around it", () => {
    // 2031-03-20: 19 days of March spent, 12 left with today; 100 a day for six weeks.
    const forecast = projectMonth(
      spend("2031-03-20", 42, () => "100"),
      "2031-03-20",
    );
    expect(forecast).toMatchObject({ month: "2031-03", monthToDate: "1900", projected: "3100", model: "seasonal" });
    expect(toScaled(forecast.lower!)).toBeLessThan(toScaled("3100"));
    expect(toScaled(forecast.upper!)).toBeGreaterThan(toScaled("3100"));
    expect(forecast.method).toMatch(/seasonal model's expected spend \(1200\.00\) for each of the 12 days left/);
  });

  it("forecasts the days the bills do not reach yet instead of counting them as free", () => {
    // Bills reach the 17th: the 18th and 19th are forecast like the days left, not spent at zero.
    const today = "2031-03-20";
    const billed = spend(today, 44, () => "100");
    for (const day of ["2031-03-18", "2031-03-19"]) billed.delete(day);
    const lagged = projectMonth(billed, today, "2031-03-17");
    expect(lagged).toMatchObject({ monthToDate: "1700", projected: "3100", model: "seasonal" });
    expect(lagged.method).toMatch(
      /for each of the 14 days left, from 2031-03-18, the first day the bills do not reach/,
    );
    // A bill that reaches yesterday changes nothing.
    expect(
      projectMonth(
        spend(today, 42, () => "100"),
        today,
        "2031-03-19",
      ),
    ).toMatchObject({ projected: "3100" });
  });

  it("sees weekends a run rate averages away", () => {
    // Weekdays 100, weekends 10: the run rate says 74.29 a day, the model knows which days are left.
    const today = "2031-03-20"; // a Thursday; 12 days left: 8 weekdays and 4 weekend days
    const costs = spend(today, 42, (day) => (weekday(day) === 0 || weekday(day) === 6 ? "10" : "100"));
    const forecast = projectMonth(costs, today);
    expect(forecast.model).toBe("seasonal");
    const left = toScaled(forecast.projected) - toScaled(forecast.monthToDate);
    expect(left).toBe(840n * UNIT); // 8 × 100 + 4 × 10
  });

  it("follows a steady rise the run rate lags behind", () => {
    const today = "2031-03-20";
    const forecast = projectMonth(
      spend(today, 42, (_, back) => String(200 - back * 2)),
      today,
    );
    const runRateLeft = 12n * 192n * UNIT; // the last 7 days (198 down to 186) average 192
    const left = toScaled(forecast.projected) - toScaled(forecast.monthToDate);
    expect(forecast.model).toBe("seasonal");
    expect(left).toBeGreaterThan(runRateLeft);
  });

  it("falls back to the run rate while the model learns, and says so", () => {
    // Nine days of spend: the model needs fourteen.
    const forecast = projectMonth(
      spend("2031-03-10", 9, () => "50"),
      "2031-03-10",
    );
    expect(forecast).toMatchObject({ model: "run-rate", monthToDate: "450" });
    expect(forecast.lower).toBeUndefined();
    expect(forecast.method).toMatch(/average of the last 7 full days/);
    expect(projectMonth(new Map(), "2031-03-10")).toMatchObject({ model: "run-rate", projected: "0" });
  });

  it("projects from the first of the month with only history from the month before", () => {
    const forecast = projectMonth(
      spend("2031-04-01", 30, () => "10"),
      "2031-04-01",
    );
    expect(forecast).toMatchObject({ monthToDate: "0", projected: "300", model: "seasonal" });
  });

  it("keeps the range at zero or above for a cost that never went negative, and exact for huge amounts", () => {
    const noisy = projectMonth(
      spend("2031-03-20", 42, (_, back) => (back % 3 === 0 ? "0" : "1")),
      "2031-03-20",
    );
    expect(toScaled(noisy.lower!)).toBeGreaterThanOrEqual(toScaled(noisy.monthToDate));
    const huge = projectMonth(
      spend("2031-03-20", 42, () => "123456789012.34"),
      "2031-03-20",
    );
    expect(huge.monthToDate).toBe("2345678991234.46");
    expect(huge.projected).toBe("3827160459382.54");
  });
});
