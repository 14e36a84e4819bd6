import { describe, expect, it } from "vitest";
import { MIN_REQUESTS, rankShifts, redShift, type RedWindow } from "./red-shift";

const red = (hours: number, requests: number, errors: number, p95Ms: number | null): RedWindow => ({
  hours,
  requests,
  errors,
  p95Ms,
});

describe("a service's traffic around a drift", () => {
  it("is unchanged when rate, errors and p95 stay within their margins", () => {
    expect(redShift("a", true, red(168, 168_000, 840, 120), red(25, 27_000, 150, 140))).toBeNull();
  });

  it("names each signal that moved, strongest first", () => {
    const shift = redShift("ledger", true, red(168, 168_000, 168, 40), red(25, 25_000, 1_250, 60));
    expect(shift?.findings).toEqual(["error rate 0.10% → 5.00%", "p95 40 ms → 60 ms"]);
    expect(shift?.strength).toBeCloseTo(50);
  });

  it("counts a rise from no errors at all, and traffic that halved", () => {
    expect(redShift("a", false, red(168, 16_800, 0, 10), red(24, 2_400, 48, 10))?.findings).toEqual([
      "error rate 0.00% → 2.00%",
    ]);
    expect(redShift("a", false, red(168, 16_800, 0, 10), red(24, 1_000, 0, 10))?.findings).toEqual([
      "requests 100/h → 42/h",
    ]);
  });

  it("ignores small latency steps on fast services and small error moves", () => {
    expect(redShift("a", false, red(168, 10_000, 0, 2), red(24, 1_500, 0, 4))).toBeNull();
    expect(redShift("a", false, red(168, 10_000, 50, 20), red(24, 1_500, 20, 20))).toBeNull();
  });

  it("says nothing about services with too few requests to judge", () => {
    const few = MIN_REQUESTS - 1;
    expect(redShift("a", false, red(168, few, few, 900), red(24, few, 0, 1))).toBeNull();
    // New traffic is a rate change, but its errors and latency have no baseline to move from.
    expect(redShift("a", false, red(168, 0, 0, null), red(24, 500, 400, 900))?.findings).toEqual([
      "requests 0/h → 21/h",
    ]);
  });

  it("refuses windows without hours, and keeps the ranking finite", () => {
    expect(redShift("a", false, red(0, 1_000, 0, 1), red(24, 1_000, 0, 1))).toBeNull();
    expect(redShift("a", false, red(168, 1_000, 0, 1), red(0, 1_000, 0, 1))).toBeNull();
    expect(redShift("a", false, red(168, 0, 0, null), red(24, 1e300, 0, 1))?.strength).toBe(1e6);
  });

  it("ranks the drifted resource's services first, then the biggest change", () => {
    const base = red(168, 16_800, 0, 10);
    const shifts = [
      redShift("b-unrelated", false, base, red(24, 24_000, 0, 10))!,
      redShift("c-related", true, base, red(24, 4_800, 0, 10))!,
      redShift("a-unrelated", false, base, red(24, 4_800, 0, 10))!,
    ];
    expect(rankShifts(shifts, 2).map((shift) => shift.service)).toEqual(["c-related", "b-unrelated"]);
  });
});
