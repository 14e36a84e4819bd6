import { describe, expect, it } from "vitest";
import { everyDay } from "./savings-days";

const row = (day: string, currency: string, estimated: string) => ({
  day,
  currency,
  estimated,
  approved: "0",
  realised: "0",
  findings: 1,
});

describe("the savings chart's days", () => {
  it("fills days without a scan with the day before, per currency, in day order", () => {
    const rows = [row("2026-12-04", "USD", "30"), row("2026-12-01", "USD", "10"), row("2026-12-02", "EUR", "5")];
    expect(everyDay(rows, "USD").map((r) => [r.day, r.estimated])).toEqual([
      ["2026-12-01", "10"],
      ["2026-12-02", "10"],
      ["2026-12-03", "10"],
      ["2026-12-04", "30"],
    ]);
    expect(everyDay(rows, "EUR")).toEqual([row("2026-12-02", "EUR", "5")]);
  });

  it("has no days for a currency without rows, and crosses a month and a year end", () => {
    expect(everyDay([], "USD")).toEqual([]);
    const days = everyDay([row("2026-12-31", "USD", "1"), row("2027-01-02", "USD", "2")], "USD");
    expect(days.map((r) => r.day)).toEqual(["2026-12-31", "2027-01-01", "2027-01-02"]);
  });
});
