// DORA performance tiers by the 2021 and the 2023 report tables, with the cut-offs DevLake's DORA
// dashboard uses (reference notes §3.2). A figure without data has no tier (null), never "low".

export type DoraTier = "elite" | "high" | "medium" | "low";

const HOUR_MIN = 60;
const DAY_MIN = 24 * HOUR_MIN;

export interface DeployDays {
  medianDeployDaysPerWeek: number | null;
  medianDeployDaysPerMonth: number | null;
  /** Deploy days over the window, scaled to six months (182.5 days). */
  deployDaysPerSixMonths: number | null;
}

/** 2021: elite ≥ 5 deploy days a week, high ≥ 1 a month, medium ≥ 1 in six months. */
export function deploymentFrequencyTier2021(d: DeployDays): DoraTier | null {
  if (d.medianDeployDaysPerWeek === null || d.medianDeployDaysPerMonth === null || d.deployDaysPerSixMonths === null) {
    return null;
  }
  if (d.medianDeployDaysPerWeek >= 5) return "elite";
  if (d.medianDeployDaysPerMonth >= 1) return "high";
  if (d.deployDaysPerSixMonths >= 1) return "medium";
  return "low";
}

/** 2023: elite (on demand) median ≥ 5 deploy days a week, high ≥ 1 a week, medium ≥ 1 a month. */
export function deploymentFrequencyTier2023(d: DeployDays): DoraTier | null {
  if (d.medianDeployDaysPerWeek === null || d.medianDeployDaysPerMonth === null) return null;
  if (d.medianDeployDaysPerWeek >= 5) return "elite";
  if (d.medianDeployDaysPerWeek >= 1) return "high";
  if (d.medianDeployDaysPerMonth >= 1) return "medium";
  return "low";
}

function below(minutes: number | null, elite: number, high: number, medium: number): DoraTier | null {
  if (minutes === null) return null;
  if (minutes < elite) return "elite";
  if (minutes < high) return "high";
  if (minutes < medium) return "medium";
  return "low";
}

/** 2021: elite < 1 h, high < 7 d, medium < 180 d. */
export function leadTimeTier2021(medianMinutes: number | null): DoraTier | null {
  return below(medianMinutes, HOUR_MIN, 7 * DAY_MIN, 180 * DAY_MIN);
}

/** 2023: elite < 1 d, high < 7 d, medium < 30 d. */
export function leadTimeTier2023(medianMinutes: number | null): DoraTier | null {
  return below(medianMinutes, DAY_MIN, 7 * DAY_MIN, 30 * DAY_MIN);
}

/** Time to restore (2021) and failed deployment recovery time (2023) share one table: < 1 h, < 1 d, < 7 d. */
export function recoveryTier(medianMinutes: number | null): DoraTier | null {
  return below(medianMinutes, HOUR_MIN, DAY_MIN, 7 * DAY_MIN);
}

function atMost(ratio: number | null, elite: number, high: number, medium: number): DoraTier | null {
  if (ratio === null) return null;
  if (ratio <= elite) return "elite";
  if (ratio <= high) return "high";
  if (ratio <= medium) return "medium";
  return "low";
}

/** 2021: elite ≤ 15 %, high ≤ 20 %, medium ≤ 30 %. */
export function changeFailureRateTier2021(ratio: number | null): DoraTier | null {
  return atMost(ratio, 0.15, 0.2, 0.3);
}

/** 2023: elite ≤ 5 %, high ≤ 10 %, medium ≤ 15 %. */
export function changeFailureRateTier2023(ratio: number | null): DoraTier | null {
  return atMost(ratio, 0.05, 0.1, 0.15);
}
