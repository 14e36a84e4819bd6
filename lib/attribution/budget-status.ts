import { toScaled } from "@/lib/decimal";
import type { BudgetState } from "./schemas";

/** A month's spend so far and its forecast against a budget, as exact decimal strings. */
export interface BudgetFigures {
  spent: string;
  projected: string;
  limit: string;
  thresholdPercent: number;
}

export type BudgetCrossing = Exclude<BudgetState, "ok">;

/**
 * The lines a month's spend has crossed: the threshold share of the budget, a forecast past the
 * budget while it is not yet spent, and the budget itself. Each is alerted once per month.
 */
export function budgetCrossings({ spent, projected, limit, thresholdPercent }: BudgetFigures): BudgetCrossing[] {
  const spentUnits = toScaled(spent);
  const limitUnits = toScaled(limit);
  const crossed: BudgetCrossing[] = [];
  if (spentUnits * 100n >= limitUnits * BigInt(thresholdPercent)) crossed.push("threshold");
  if (toScaled(projected) > limitUnits && spentUnits <= limitUnits) crossed.push("forecast_breach");
  if (spentUnits > limitUnits) crossed.push("breach");
  return crossed;
}

/** A budget's status: the worst line it has crossed. */
export function budgetStatus(figures: BudgetFigures): BudgetState {
  const crossed = budgetCrossings(figures);
  for (const worst of ["breach", "forecast_breach", "threshold"] as const) if (crossed.includes(worst)) return worst;
  return "ok";
}
