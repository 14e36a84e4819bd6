import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const t = (iso: string) => Date.parse(iso);

describe("timeTicks", () => {
  it("writes a 7-day window's ticks as days, at UTC midnights", () => {
    const { ticks, format } = timeTicks([t("2026-11-29T14:05:00Z"), t("2026-12-06T14:05:00Z")]);
    expect(ticks.map(format)).toEqual(["Nov 30", "Dec 1", "Dec 2", "Dec 3", "Dec 4", "Dec 5", "Dec 6"]);
  });

  it("writes an hour's ticks as round times, at most eight", () => {
    const { ticks, format } = timeTicks([t("2026-12-06T13:07:00Z"), t("2026-12-06T14:07:00Z")]);
    expect(ticks.map(format)).toEqual(["13:10", "13:20", "13:30", "13:40", "13:50", "14:00"]);
  });

  it("keeps to eight ticks for a window longer than the steps it knows", () => {
    const { ticks } = timeTicks([t("2026-01-01T00:00:00Z"), t("2026-03-01T00:00:00Z")]);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.length).toBeGreaterThan(3);
  });
});
