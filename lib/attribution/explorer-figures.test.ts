import { describe, expect, it } from "vitest";
import {
  averageOverDaysWithData,
  breakdownOf,
  lastWeekUnitCost,
  moversOf,
  percentOf,
  stackDays,
  totalsByKey,
} from "./explorer-figures";
import { OTHER, UNALLOCATED } from "./reserved-keys";

const window = { from: "2026-11-01", to: "2026-11-03" };

describe("the Costs page's figures", () => {
  it("stacks the 8 largest keys, sums the rest as other, and keeps unallocated on its own", () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ day: "2026-11-01", key: `f${i}`, cost: String(10 - i) })),
      { day: "2026-11-01", key: UNALLOCATED, cost: "100" },
      { day: "2026-10-31", key: "f0", cost: "5" },
    ];
    const { keys, days } = stackDays(rows, new Map([["2026-11-01", 2000]]), window);
    expect(keys).toEqual(["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", OTHER, UNALLOCATED]);
    expect(days.map((day) => day.day)).toEqual(["2026-11-01", "2026-11-02"]);
    expect(days[0]).toMatchObject({ total: "155", requests: 2000, unitCost: "77.5" });
    expect(days[0].byKey[OTHER]).toBe("3");
    // A day without cost lines has no unit cost rather than a zero one.
    expect(days[1]).toEqual({ day: "2026-11-02", byKey: {}, total: "0", requests: 0, unitCost: null });
  });

  it("breaks the window down largest first, with exact shares and unit costs where requests are known", () => {
    const totals = totalsByKey([
      { day: "2026-11-01", key: "a", cost: "1" },
      { day: "2026-11-02", key: "b", cost: "2.5" },
      { day: "2026-11-02", key: "a", cost: "0.5" },
    ]);
    expect(breakdownOf(totals, 4n * 10n ** 18n, { a: 3000 }).rows).toEqual([
      { key: "b", cost: "2.5", percent: 62.5, requests: 0, unitCost: null },
      { key: "a", cost: "1.5", percent: 37.5, requests: 3000, unitCost: "0.5" },
    ]);
    expect(breakdownOf(totals, 0n, null).rows[0]).toMatchObject({ percent: null, requests: null, unitCost: null });
    expect(percentOf(1n, 3n)?.toFixed(1)).toBe("33.3");
  });

  it("sums the keys past the chart's as other, and expanded lists every key a page at a time", () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ day: "2026-11-01", key: `k${i}`, cost: String(1000 - i) }));
    const totals = totalsByKey([...rows, { day: "2026-11-01", key: UNALLOCATED, cost: "1" }]);
    const requests = Object.fromEntries(rows.map((row) => [row.key, 10]));
    const collapsed = breakdownOf(totals, 1n, requests);
    expect(collapsed.keys).toBe(121);
    expect(collapsed.rows.map((row) => row.key)).toEqual([OTHER, ...rows.slice(0, 8).map((r) => r.key), UNALLOCATED]);
    const other = collapsed.rows[0];
    expect(other.cost).toBe(String(rows.slice(8).reduce((sum, row) => sum + Number(row.cost), 0)));
    expect(other.requests).toBe(112 * 10);
    const pages = [0, 1, 2].map((page) => breakdownOf(totals, 1n, requests, { expand: true, page }).rows);
    expect(pages.map((page) => page.length)).toEqual([50, 50, 21]);
    expect(pages.flat().map((row) => row.key)).toEqual([...rows.map((r) => r.key), UNALLOCATED]);
    expect(breakdownOf(totals, 1n, null, { expand: true, page: 3 }).rows).toEqual([]);
  });

  it("averages per day over the days with spend only", () => {
    const { days } = stackDays(
      [
        { day: "2026-11-01", key: "a", cost: "3" },
        { day: "2026-11-02", key: "a", cost: "0.5" },
      ],
      new Map(),
      { from: "2026-08-04", to: "2026-11-02" },
    );
    expect(days).toHaveLength(90);
    expect(averageOverDaysWithData(days)).toEqual({ average: "3", daysWithData: 1 });
    expect(averageOverDaysWithData([])).toEqual({ average: "0", daysWithData: 0 });
  });

  it("prices the last 7 days with spend per 1,000 requests", () => {
    const day = (total: string, requests: number) => ({ day: "", byKey: {}, total, requests, unitCost: "1" });
    const days = [day("100", 1), ...Array.from({ length: 7 }, () => day("1", 1000))];
    expect(lastWeekUnitCost(days)).toBe("1");
    expect(lastWeekUnitCost([])).toBeNull();
  });

  it("compares the 7 complete days ending yesterday with the 7 before; today is not in either", () => {
    const today = "2026-11-15";
    const rows = [
      { day: "2026-11-01", key: "a", cost: "100" }, // 14 days back: the week before's first day
      { day: "2026-10-31", key: "a", cost: "1000" }, // 15 days back: in neither week
      { day: "2026-11-08", key: "a", cost: "7" }, // the last week's first day
      { day: "2026-11-14", key: "a", cost: "3" }, // yesterday
      { day: "2026-11-07", key: "a", cost: "1" }, // the week before's last day
    ];
    expect(moversOf(rows, today)).toEqual([
      { key: "a", lastWeek: "10", weekBefore: "101", change: "-91", changePercent: (-91 / 101) * 100 },
    ]);
  });

  it("ranks movers by the size of their change, rises and falls alike", () => {
    const rows = [
      { day: "2026-11-01", key: "steady", cost: "10" },
      { day: "2026-11-10", key: "steady", cost: "11" },
      { day: "2026-11-01", key: "falling", cost: "20" },
      { day: "2026-11-10", key: "new", cost: "3" },
    ];
    expect(moversOf(rows, "2026-11-14")).toEqual([
      { key: "falling", lastWeek: "0", weekBefore: "20", change: "-20", changePercent: -100 },
      { key: "new", lastWeek: "3", weekBefore: "0", change: "3", changePercent: null },
      { key: "steady", lastWeek: "11", weekBefore: "10", change: "1", changePercent: 10 },
    ]);
  });
});
