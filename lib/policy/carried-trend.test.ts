import { describe, expect, it } from "vitest";
import { carriedTrend } from "./get-compliance";

describe("the compliance trend", () => {
  it("is unknown before the first evaluation and keeps the last state on days without one", () => {
    const days = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"];
    const rows = [
      { day: "2026-12-02", passed: 10, failed: 3 },
      { day: "2026-12-04", passed: 12, failed: 0 },
    ];
    expect(carriedTrend(days, rows)).toEqual([
      { day: "2026-12-01", passed: null, failed: null },
      { day: "2026-12-02", passed: 10, failed: 3 },
      { day: "2026-12-03", passed: 10, failed: 3 },
      { day: "2026-12-04", passed: 12, failed: 0 },
      { day: "2026-12-05", passed: 12, failed: 0 },
    ]);
    expect(carriedTrend(days, [])).toEqual(days.map((day) => ({ day, passed: null, failed: null })));
  });
});
