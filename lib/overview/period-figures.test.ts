import { describe, expect, it } from "vitest";
import type { BudgetStatus } from "../attribution/schemas";
import { toScaled } from "@/lib/decimal";
import { addDays } from "@/lib/time";
import { changeOf, monthToDate, monthWindow, periodFigures, summarizeBudgets } from "./period-figures";

const window = { from: "2026-11-06", to: "2026-12-06" };

function budget(scope: "feature" | "team", status: BudgetStatus["status"], spent: string, limit: string): BudgetStatus {
  return {
    id: `${scope}-${status}-${spent}`,
    scope,
    key: "k",
    monthlyAmount: limit,
    metric: "effective",
    thresholdPercent: 80,
    forecast: { month: "2026-12", monthToDate: spent, projected: `${Number(spent) * 6}`, method: "" },
    usedPercent: 0,
    status,
  };
}

describe("the Overview's period figures", () => {
  it("a change is exact, with its percent of the period before; none from zero", () => {
    expect(changeOf("110.5", "100")).toEqual({ change: "10.5", percent: 10.5 });
    expect(changeOf("0.000000000000000001", "0.000000000000000002")).toEqual({
      change: "-0.000000000000000001",
      percent: -50,
    });
    expect(changeOf("5", "0")).toEqual({ change: "5", percent: null });
    expect(changeOf("0", "0")).toEqual({ change: "0", percent: null });
  });

  it("averages over the days that have spend, and has no unallocated share without spend", () => {
    expect(periodFigures(window, { total: "90", days: 3, unallocated: "9", services: 2 })).toEqual({
      ...window,
      total: "90",
      averagePerDay: "30",
      unallocatedPercent: 10,
      servicesWithSpend: 2,
      daysWithSpend: 3,
    });
    expect(periodFigures(window, { total: null, days: 0, unallocated: null, services: 0 })).toMatchObject({
      total: "0",
      averagePerDay: "0",
      unallocatedPercent: null,
    });
  });

  it("compares the month's complete days with as many at the start of the month before", () => {
    const costs = new Map<string, bigint>();
    for (const day of ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-29"]) costs.set(day, toScaled("10"));
    for (const day of ["2026-12-01", "2026-12-02"]) costs.set(day, toScaled("12.5"));
    costs.set("2026-12-03", toScaled("1000")); // today: not a complete day
    const month = monthToDate(costs, "2026-12-03", []);
    expect(month).toMatchObject({
      month: "2026-12",
      days: 2,
      spent: "25",
      previous: { from: "2026-11-01", to: "2026-11-03", spent: "20", daysWithSpend: 2 },
    });
    // As far back as the budgets' projection reads (56 days), the month before included.
    expect(monthWindow("2026-12-03")).toEqual({ from: "2026-10-08", to: "2026-12-03" });
    expect(monthWindow("2026-03-31")).toEqual({ from: "2026-02-01", to: "2026-03-31" });
  });

  it("projects the month with the budgets' seasonal model once the window holds two weeks of spend", () => {
    const costs = new Map<string, bigint>();
    for (let back = 1; back <= 36; back++) costs.set(addDays("2026-12-07", -back), toScaled("10"));
    const month = monthToDate(costs, "2026-12-07", []);
    expect(month).toMatchObject({ spent: "60", projected: "310" });
    expect(month.forecastMethod).toMatch(/seasonal model/);
    const young = new Map([["2026-12-01", toScaled("10")]]);
    expect(monthToDate(young, "2026-12-02", []).forecastMethod).toMatch(/average of the last 7 full days/);
  });

  it("stops at the end of a shorter month before, and has no days on the first", () => {
    const costs = new Map([
      ["2026-02-27", toScaled("1")],
      ["2026-02-28", toScaled("2")],
      ["2026-03-01", toScaled("3")],
    ]);
    expect(monthToDate(costs, "2026-03-31", [])).toMatchObject({
      days: 30,
      previous: { from: "2026-02-01", to: "2026-03-01", spent: "3", daysWithSpend: 2 },
    });
    expect(monthToDate(costs, "2026-03-01", [])).toMatchObject({
      days: 0,
      spent: "0",
      previous: { spent: "0", daysWithSpend: 0 },
    });
  });

  it("counts budgets by state and sums team budgets only, as teams do not overlap", () => {
    const summary = summarizeBudgets([
      budget("team", "ok", "10", "100"),
      budget("team", "breach", "150.5", "100"),
      budget("feature", "forecast_breach", "40", "50"),
      budget("feature", "threshold", "45", "50"),
    ]);
    expect(summary).toEqual({
      count: 4,
      onTrack: 1,
      atRisk: 2,
      over: 1,
      teams: { spent: "160.5", limit: "200", projected: "963" },
    });
    expect(summarizeBudgets([budget("feature", "ok", "1", "2")]).teams).toBeNull();
  });
});
