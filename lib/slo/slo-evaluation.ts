import { alertCondition, type Burns, type Condition } from "./alert-state";
import {
  budgetRemaining,
  burnRate,
  errorBudget,
  errorRatio,
  periodErrorRatio,
  type Slice,
  timeToExhaustionMs,
} from "./budget";
import type { WindowCounts } from "./read-sli";
import type { SloDefinition } from "./schemas";
import { alertWindows, BURN_WINDOWS, type BurnWindow, type Period, type Severity } from "./slo-windows";

// One evaluation of an SLO from its window counts: what the API, the list and the SLO page show,
// and the alert conditions the worker advances the alert states with.

export type SloHealth = "no_data" | "ok" | "warning" | "critical" | "exhausted";

export interface BreachedWindow {
  short: BurnWindow;
  long: BurnWindow;
  factor: number;
}

export interface SloEvaluation {
  /** The end of the data read: the rollups' complete minutes. */
  dataUntil: string;
  period: { from: string; to: string };
  /** Events of the period so far (for every budgeting method; the SLI of the time-slice methods is over slices). */
  good: number;
  total: number;
  /** Latency: events whose side of the threshold is estimated; the good count is within ± this. */
  uncertain: number;
  /** The SLI over the period so far: good events (or good slices) over all, null without events. */
  sli: number | null;
  errorBudget: number;
  errorBudgetRemaining: number | null;
  burnRates: Record<BurnWindow | "period", number | null>;
  /** At the current (5m) burn; 0 once spent, null when nothing burns. */
  timeToExhaustionMs: number | null;
  /** Conditions of this evaluation per severity (the states are kept by the worker). */
  conditions: Record<Severity, { breached: boolean; shortOver: boolean; windows: BreachedWindow[] }>;
}

const condition = (c: Condition) => ({
  breached: c.breached,
  shortOver: c.shortOver,
  windows: c.pairs.map(({ short, long, factor }) => ({ short, long, factor })),
});

export function evaluateSlo(
  slo: SloDefinition,
  period: Period,
  until: Date,
  windows: Record<BurnWindow, WindowCounts>,
  periodCounts: WindowCounts,
  slices: Slice[] | null,
): SloEvaluation {
  const budget = errorBudget(slo.objectivePercent);
  const burns = Object.fromEntries(
    (Object.keys(BURN_WINDOWS) as BurnWindow[]).map((w) => [w, burnRate(errorRatio(windows[w]), budget)]),
  ) as Record<BurnWindow, number | null>;
  const periodRatio =
    slo.budgetingMethod === "Occurrences" || !slices
      ? errorRatio(periodCounts)
      : periodErrorRatio(slo.budgetingMethod, slices, slo.timeSlice?.targetPercent ?? null);
  const remaining = budgetRemaining(periodRatio, budget);
  const periodMs = period.to.getTime() - period.from.getTime();
  const alerts = alertWindows(periodMs);
  const all: Burns = burns;
  return {
    dataUntil: until.toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    good: periodCounts.good,
    total: periodCounts.total,
    uncertain: periodCounts.uncertain,
    sli: periodRatio === null ? null : 1 - periodRatio,
    errorBudget: budget,
    errorBudgetRemaining: remaining,
    burnRates: { ...burns, period: burnRate(periodRatio, budget) },
    timeToExhaustionMs: timeToExhaustionMs(remaining, burns["5m"], periodMs),
    conditions: {
      page: condition(alertCondition(alerts, "page", all)),
      ticket: condition(alertCondition(alerts, "ticket", all)),
    },
  };
}

/** The SLO at a glance, from its evaluation and its alerts' states. */
export function sloHealth(e: SloEvaluation, firing: Record<Severity, boolean>): SloHealth {
  if (e.errorBudgetRemaining === null) return "no_data";
  if (e.errorBudgetRemaining <= 0) return "exhausted";
  if (firing.page) return "critical";
  if (firing.ticket) return "warning";
  return "ok";
}
