import { describe, expect, it } from "vitest";
import {
  changeFailureRateTier2021,
  changeFailureRateTier2023,
  deploymentFrequencyTier2021,
  deploymentFrequencyTier2023,
  leadTimeTier2021,
  leadTimeTier2023,
  recoveryTier,
} from "@/lib/delivery/dora-tiers";

const H = 60;
const D = 1440;
const days = (week: number | null, month: number | null, six: number | null) => ({
  medianDeployDaysPerWeek: week,
  medianDeployDaysPerMonth: month,
  deployDaysPerSixMonths: six,
});

describe("deployment frequency tiers", () => {
  it("2021 at each boundary", () => {
    expect(deploymentFrequencyTier2021(days(5, 20, 100))).toBe("elite");
    expect(deploymentFrequencyTier2021(days(4.999, 20, 100))).toBe("high");
    expect(deploymentFrequencyTier2021(days(0, 1, 6))).toBe("high");
    expect(deploymentFrequencyTier2021(days(0, 0.999, 6))).toBe("medium");
    expect(deploymentFrequencyTier2021(days(0, 0, 1))).toBe("medium");
    expect(deploymentFrequencyTier2021(days(0, 0, 0.999))).toBe("low");
    expect(deploymentFrequencyTier2021(days(null, null, null))).toBeNull();
  });
  it("2023 at each boundary", () => {
    expect(deploymentFrequencyTier2023(days(5, 20, 100))).toBe("elite");
    expect(deploymentFrequencyTier2023(days(4.999, 20, 100))).toBe("high");
    expect(deploymentFrequencyTier2023(days(1, 4, 24))).toBe("high");
    expect(deploymentFrequencyTier2023(days(0.999, 4, 24))).toBe("medium");
    expect(deploymentFrequencyTier2023(days(0, 1, 6))).toBe("medium");
    expect(deploymentFrequencyTier2023(days(0, 0.999, 6))).toBe("low");
    expect(deploymentFrequencyTier2023(days(null, null, null))).toBeNull();
  });
});

describe("lead time tiers", () => {
  it("2021: < 1 h, < 7 d, < 180 d", () => {
    expect([H - 0.001, H, 7 * D - 0.001, 7 * D, 180 * D - 0.001, 180 * D].map(leadTimeTier2021)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
    expect(leadTimeTier2021(null)).toBeNull();
  });
  it("2023: < 1 d, < 7 d, < 30 d", () => {
    expect([D - 0.001, D, 7 * D - 0.001, 7 * D, 30 * D - 0.001, 30 * D].map(leadTimeTier2023)).toEqual([
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
    expect(leadTimeTier2023(null)).toBeNull();
  });
});

describe("recovery tiers (2021 and 2023)", () => {
  it("< 1 h, < 1 d, < 7 d", () => {
    expect([0, H - 0.001, H, D - 0.001, D, 7 * D - 0.001, 7 * D].map(recoveryTier)).toEqual([
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
    expect(recoveryTier(null)).toBeNull();
  });
});

describe("change failure rate tiers", () => {
  it("2021: ≤ 15 %, ≤ 20 %, ≤ 30 %, with ratios as the metric computes them", () => {
    expect([0, 3 / 20, 31 / 200, 1 / 5, 41 / 200, 3 / 10, 61 / 200, 1].map(changeFailureRateTier2021)).toEqual([
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
    ]);
    expect(changeFailureRateTier2021(null)).toBeNull();
  });
  it("2023: ≤ 5 %, ≤ 10 %, ≤ 15 %", () => {
    expect([0, 1 / 20, 11 / 200, 1 / 10, 21 / 200, 3 / 20, 31 / 200].map(changeFailureRateTier2023)).toEqual([
      "elite",
      "elite",
      "high",
      "high",
      "medium",
      "medium",
      "low",
    ]);
    expect(changeFailureRateTier2023(null)).toBeNull();
  });
});
