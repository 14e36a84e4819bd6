import { describe, expect, it } from "vitest";
import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import { worstMovers } from "@/lib/delivery/dora-movers";

/** Only the three figures the movers read; the rest of the shape is not looked at. */
function metrics(lead: number | null, cfr: number | null, restore: number | null): DoraMetrics {
  return {
    leadTimeForChanges: { medianMinutes: lead },
    changeFailureRate: { ratio: cfr },
    timeToRestore: { medianMinutes: restore },
  } as DoraMetrics;
}

describe("worstMovers", () => {
  it("ranks each worsening by its relative change and leaves out improvements and equal figures", () => {
    const movers = worstMovers([
      { key: "ledger", previous: metrics(60, 0.1, 30), current: metrics(90, 0.1, 20) },
      { key: "fraud", previous: metrics(100, 0.2, 60), current: metrics(50, 0.3, 240) },
    ]);
    expect(movers.map((m) => [m.key, m.metric, m.before, m.after, m.relativeChange])).toEqual([
      ["fraud", "timeToRestore", 60, 240, 3],
      ["ledger", "leadTime", 60, 90, 0.5],
      ["fraud", "changeFailureRate", 0.2, 0.3, expect.closeTo(0.5, 9)],
    ]);
  });

  it("skips figures with no data on either side and scores a rise from zero", () => {
    const movers = worstMovers([
      { key: "a", previous: metrics(null, 0, 0), current: metrics(30, 0.25, 10) },
      { key: "b", previous: metrics(10, null, 5), current: metrics(null, 0.5, null) },
    ]);
    expect(movers.map((m) => [m.key, m.metric, m.relativeChange])).toEqual([
      ["a", "changeFailureRate", 2.5],
      ["a", "timeToRestore", 1],
    ]);
  });

  it("returns nothing for no rows and at most the limit", () => {
    expect(worstMovers([])).toEqual([]);
    const rows = Array.from({ length: 20 }, (_, i) => ({
      key: `s${String(i).padStart(2, "0")}`,
      previous: metrics(10, null, null),
      current: metrics(20 + i, null, null),
    }));
    const movers = worstMovers(rows, 3);
    expect(movers.map((m) => m.key)).toEqual(["s19", "s18", "s17"]);
  });
});
