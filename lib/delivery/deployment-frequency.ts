// Deployment frequency: successful production deployments finishing in [from, to), and the deploy
// days (UTC dates with at least one) per week and per month that the tiers read, as Four Keys and DevLake do.
import type { Deployment } from "@/lib/delivery/schemas";
import { type DoraTier, deploymentFrequencyTier2021, deploymentFrequencyTier2023 } from "@/lib/delivery/dora-tiers";
import {
  type DoraWindow,
  assertWindow,
  inWindow,
  shippedDeployments,
  windowDays,
} from "@/lib/delivery/delivery-window";

export interface DeploymentFrequency {
  deployments: number;
  perWeek: number | null;
  medianDeployDaysPerWeek: number | null;
  medianDeployDaysPerMonth: number | null;
  /** Deploy days in the window scaled to six months (182.5 days), for the 2021 "medium" tier. */
  deployDaysPerSixMonths: number | null;
  tier2021: DoraTier | null;
  tier2023: DoraTier | null;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * DevLake's median (the lower middle, lib/delivery/stats.ts) of distinct UTC deploy days per bucket, buckets without a deployment included as
 * zeros without being materialised (a window of centuries stays cheap).
 */
function medianDeployDays(finishes: readonly number[], buckets: number, bucketOf: (t: number) => number): number {
  const days = new Map<number, Set<number>>();
  for (const t of finishes) {
    const bucket = bucketOf(t);
    const set = days.get(bucket) ?? new Set<number>();
    set.add(Math.floor(t / DAY_MS));
    days.set(bucket, set);
  }
  const counts = [...days.values()].map((d) => d.size).sort((a, b) => a - b);
  const zeros = buckets - counts.length;
  const middle = Math.floor((buckets - 1) / 2);
  return middle < zeros ? 0 : counts[middle - zeros];
}

/** 7-day weeks counted from `from`; a shorter last week counts as a week. */
function medianDeployDaysPerWeek(finishes: readonly number[], window: DoraWindow): number {
  const from = window.from.getTime();
  const weeks = Math.ceil((window.to.getTime() - from) / WEEK_MS);
  return medianDeployDays(finishes, weeks, (t) => Math.floor((t - from) / WEEK_MS));
}

/** The UTC calendar months the window touches. */
function medianDeployDaysPerMonth(finishes: readonly number[], window: DoraWindow): number {
  const monthIndex = (t: number) => {
    const d = new Date(t);
    return d.getUTCFullYear() * 12 + d.getUTCMonth();
  };
  const first = monthIndex(window.from.getTime());
  const months = monthIndex(window.to.getTime() - 1) - first + 1;
  return medianDeployDays(finishes, months, (t) => monthIndex(t) - first);
}

/**
 * No deployment in the window gives null rates and tiers: Vigil cannot tell a service that never
 * deploys from one whose deployments are not sent, so it shows "no data" rather than "low".
 */
export function deploymentFrequency(window: DoraWindow, deployments: readonly Deployment[]): DeploymentFrequency {
  assertWindow(window);
  const shipped = shippedDeployments(deployments).filter((d) => inWindow(d.finishedAt, window));
  if (shipped.length === 0) {
    return {
      deployments: 0,
      perWeek: null,
      medianDeployDaysPerWeek: null,
      medianDeployDaysPerMonth: null,
      deployDaysPerSixMonths: null,
      tier2021: null,
      tier2023: null,
    };
  }
  const days = windowDays(window);
  const finishes = shipped.map((d) => d.finishedAt.getTime());
  const allDays = new Set(finishes.map((t) => Math.floor(t / DAY_MS))).size;
  const deployDays = {
    medianDeployDaysPerWeek: medianDeployDaysPerWeek(finishes, window),
    medianDeployDaysPerMonth: medianDeployDaysPerMonth(finishes, window),
    deployDaysPerSixMonths: (allDays * 182.5) / days,
  };
  return {
    deployments: shipped.length,
    perWeek: (shipped.length * 7) / days,
    ...deployDays,
    tier2021: deploymentFrequencyTier2021(deployDays),
    tier2023: deploymentFrequencyTier2023(deployDays),
  };
}
