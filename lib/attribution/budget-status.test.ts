import { describe, expect, it } from "vitest";
import { budgetCrossings, budgetStatus } from "./budget-status";

const budget = (spent: string, projected: string) => ({ spent, projected, limit: "1000", thresholdPercent: 80 });

describe("budgetCrossings and budgetStatus", () => {
  it("is ok below the threshold with a forecast within the budget", () => {
    expect(budgetCrossings(budget("799.99", "1000"))).toEqual([]);
    expect(budgetStatus(budget("799.99", "1000"))).toBe("ok");
  });

  it("crosses the threshold at exactly its share of the budget", () => {
    expect(budgetCrossings(budget("800", "1000"))).toEqual(["threshold"]);
    expect(budgetStatus(budget("800", "1000"))).toBe("threshold");
  });

  it("flags a forecast past the budget before the budget is spent, even below the threshold", () => {
    expect(budgetCrossings(budget("500", "1000.01"))).toEqual(["forecast_breach"]);
    expect(budgetStatus(budget("900", "1200"))).toBe("forecast_breach");
    expect(budgetCrossings(budget("1000", "1200"))).toEqual(["threshold", "forecast_breach"]);
  });

  it("is a breach once spend passes the budget, and then no longer a forecast breach", () => {
    expect(budgetCrossings(budget("1000.000000000000000001", "1500"))).toEqual(["threshold", "breach"]);
    expect(budgetStatus(budget("1200", "1500"))).toBe("breach");
  });

  it("uses the budget's own threshold share", () => {
    expect(budgetStatus({ spent: "10", projected: "10", limit: "100", thresholdPercent: 10 })).toBe("threshold");
    expect(budgetStatus({ spent: "10", projected: "10", limit: "100", thresholdPercent: 11 })).toBe("ok");
  });
});
