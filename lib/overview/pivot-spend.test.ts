import { describe, expect, it } from "vitest";
import { pivotSpend } from "./pivot-spend";

describe("pivotSpend", () => {
  const rows = [
    { day: "2026-11-01", service: "ledger", cost: "10.1" },
    { day: "2026-11-01", service: "__no_service__", cost: "99" },
    { day: "2026-11-01", service: "payments-api", cost: "20.2" },
    { day: "2026-11-02", service: "payments-api", cost: "0.0000000001" },
  ];

  it("gives one entry per day with exact day and grand totals", () => {
    const { spendByDay, totalSpend } = pivotSpend(rows);
    expect(spendByDay.map((day) => [day.day, day.total])).toEqual([
      ["2026-11-01", "129.3"],
      ["2026-11-02", "0.0000000001"],
    ]);
    expect(totalSpend).toBe("129.3000000001");
  });

  it("orders keys by spend, keeping spend with no service last however large", () => {
    expect(pivotSpend(rows).spendKeys).toEqual(["payments-api", "ledger", "__no_service__"]);
  });

  it("is empty for no rows", () => {
    expect(pivotSpend([])).toEqual({ spendByDay: [], spendKeys: [], totalSpend: "0" });
  });
});
