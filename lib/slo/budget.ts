import type { BudgetingMethod } from "./schemas";

// The error budget arithmetic (Sloth's recording rules, Pyrra's remaining budget, OpenSLO's
// budgeting methods). Counts are event counts already weighted for sampling by the rollups.

/** Good and total events of a span of time; `good` may be fractional (latency interpolated in a bucket). */
export interface Counts {
  good: number;
  total: number;
}

/** The error budget as a ratio: 1 − objective (Sloth's slo:error_budget:ratio). */
export function errorBudget(objectivePercent: number): number {
  return 1 - objectivePercent / 100;
}

/** Bad events over all, null without events (Sloth's slo:sli_error:ratio_rate<window>). */
export function errorRatio(counts: Counts): number | null {
  return counts.total > 0 ? Math.max(0, counts.total - counts.good) / counts.total : null;
}

/** How many times faster than the budget allows errors come: error ratio / budget. */
export function burnRate(ratio: number | null, budget: number): number | null {
  return ratio === null ? null : ratio / budget;
}

/** One slice of a Timeslices or RatioTimeslices period. */
export type Slice = Counts;

/**
 * The period's error ratio under a budgeting method (OpenSLO): Occurrences counts events;
 * Timeslices counts slices, a slice good when its good ratio reaches `sliceTarget`; RatioTimeslices
 * averages the slices' ratios. Slices without events are left out (no data is neither good nor bad).
 */
export function periodErrorRatio(
  method: BudgetingMethod,
  slices: readonly Slice[],
  sliceTargetPercent: number | null,
): number | null {
  if (method === "Occurrences") {
    const sum = slices.reduce((s, x) => ({ good: s.good + x.good, total: s.total + x.total }), { good: 0, total: 0 });
    return errorRatio(sum);
  }
  const ratios = slices.filter((s) => s.total > 0).map((s) => s.good / s.total);
  if (ratios.length === 0) return null;
  if (method === "RatioTimeslices") return 1 - ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const target = (sliceTargetPercent ?? 0) / 100;
  // A ratio is compared with a small tolerance: 999/1000 is 0.999 even when float division says 0.99899...
  const good = ratios.filter((r) => r >= target - 1e-12).length;
  return 1 - good / ratios.length;
}

/** Budget left: 1 untouched, 0 spent, negative overspent (Sloth's slo:period_error_budget_remaining:ratio). */
export function budgetRemaining(periodRatio: number | null, budget: number): number | null {
  return periodRatio === null ? null : 1 - periodRatio / budget;
}

/**
 * How long the remaining budget lasts at the current burn: remaining × period / burn. Zero once
 * spent; null when nothing burns (it never runs out) or nothing is known.
 */
export function timeToExhaustionMs(remaining: number | null, currentBurn: number | null, periodMs: number) {
  if (remaining === null || currentBurn === null) return null;
  if (remaining <= 0) return 0;
  if (currentBurn <= 0) return null;
  return (remaining * periodMs) / currentBurn;
}
