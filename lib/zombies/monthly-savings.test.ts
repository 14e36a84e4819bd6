import { describe, expect, it } from "vitest";
import type { DailyCost } from "@/lib/zombies/evidence";
import { monthlySavings } from "@/lib/zombies/monthly-savings";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";

describe("monthlySavings (effective cost of the last 30 complete days)", () => {
  it("sums exactly, per currency, over the 30 days ending yesterday", () => {
    const days = lastDays(30);
    const costs: DailyCost = Object.fromEntries(days.map((d) => [d, { USD: "0.1", EUR: "0.000000000000000001" }]));
    costs["2026-03-15"] = { USD: "100" }; // today: incomplete, left out
    costs["2026-02-12"] = { USD: "100" }; // 31 days ago: outside
    expect(monthlySavings(evidence({ costs }), NOW)).toEqual([
      { currency: "EUR", amount: "0.00000000000000003", window: { from: "2026-02-13", to: "2026-03-15" } },
      { currency: "USD", amount: "3", window: { from: "2026-02-13", to: "2026-03-15" } },
    ]);
  });

  it("nets credits and leaves out a currency that nets to zero", () => {
    const costs = { "2026-03-01": { USD: "5", GBP: "2" }, "2026-03-02": { USD: "-1.5", GBP: "-2" } };
    expect(monthlySavings(evidence({ costs }), NOW).map((s) => [s.currency, s.amount])).toEqual([["USD", "3.5"]]);
  });

  it("for a commitment counts only the unused part", () => {
    const e = evidence({
      resource: { kind: "commitment" },
      costs: { "2026-03-01": { USD: "10" } },
      commitment: { "2026-03-01": { USD: { used: "6", unused: "4" } } },
    });
    expect(monthlySavings(e, NOW).map((s) => s.amount)).toEqual(["4"]);
  });

  it("adds an instance's attached volumes, billed or not, each currency kept apart", () => {
    const [first, last] = [lastDays(30)[0], lastDays(30)[29]];
    const e = evidence({
      resource: { kind: "ec2-instance", state: "stopped" },
      costs: { [first]: { USD: "0.01" } },
      volumes: [
        { volumeId: "vol-0root", costs: { [first]: { USD: "0.2104" }, [last]: { USD: "0.2104" } } },
        { volumeId: "vol-0data", costs: { [last]: { EUR: "0.6575" }, "2026-03-15": { EUR: "9" } } },
        { volumeId: "vol-0unbilled", costs: {} },
      ],
    });
    expect(monthlySavings(e, NOW).map((s) => [s.currency, s.amount])).toEqual([
      ["EUR", "0.6575"],
      ["USD", "0.4308"],
    ]);
    const volumesOnly = evidence({
      volumes: [{ volumeId: "vol-1", costs: { [first]: { USD: "0.000000000000000001" } } }],
    });
    expect(monthlySavings(volumesOnly, NOW).map((s) => s.amount)).toEqual(["0.000000000000000001"]);
    expect(monthlySavings(evidence({ volumes: [{ volumeId: "vol-1", costs: {} }] }), NOW)).toEqual([]);
  });

  it("nothing billed is nothing saved", () => {
    expect(monthlySavings(evidence(), NOW)).toEqual([]);
  });
});
