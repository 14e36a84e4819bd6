import { percentOf } from "../attribution/explorer-figures";
import type { BudgetStatus } from "../attribution/schemas";
import { fromScaled, toScaled } from "@/lib/decimal";
import { projectMonth } from "@/lib/forecasts/project-month";
import { historyStart } from "../attribution/daily-spend";
import { addDays, daysBetween } from "../time";
import type { PeriodRow } from "./read-overview";
import type { BudgetSummary, MonthToDate, PeriodFigures } from "./schemas";

// The Overview's tiles from what cost_allocation holds: each period's figures computed one way,
// so the window and the period before it compare like for like.

/** A figure against the one before: the exact difference, and in percent of the one before (null from zero). */
export interface Change {
  change: string;
  percent: number | null;
}

export function changeOf(current: string, previous: string): Change {
  const difference = toScaled(current) - toScaled(previous);
  const before = toScaled(previous);
  return { change: fromScaled(difference), percent: before > 0n ? percentOf(difference, before) : null };
}

export function periodFigures(window: { from: string; to: string }, row: PeriodRow): PeriodFigures {
  const total = toScaled(row.total ?? "0");
  return {
    ...window,
    total: fromScaled(total),
    // Days without spend yet (a bill lags) do not lower the average.
    averagePerDay: row.days > 0 ? fromScaled(total / BigInt(row.days)) : "0",
    unallocatedPercent: percentOf(toScaled(row.unallocated ?? "0"), total),
    servicesWithSpend: row.services,
    daysWithSpend: row.days,
  };
}

/**
 * The days a month-to-date figure needs: the comparison's, from the month before's start, and the
 * projection's history, as far back as the budgets read it (so both project from the same days).
 */
export function monthWindow(today: string): { from: string; to: string } {
  const previous = previousMonthStart(`${today.slice(0, 7)}-01`);
  const history = historyStart(today);
  return { from: history < previous ? history : previous, to: today };
}

function previousMonthStart(monthStart: string): string {
  return `${addDays(monthStart, -1).slice(0, 7)}-01`;
}

/**
 * This month's complete days against as many days at the start of the month before (shorter
 * months stop at their end), with the month-end projection the budgets use (lib/forecasts: the
 * seasonal model over the window's days, or the run rate while it learns).
 */
export function monthToDate(
  costByDay: Map<string, bigint>,
  today: string,
  budgets: BudgetStatus[],
  billedThrough: string | null = null,
): MonthToDate {
  const forecast = projectMonth(costByDay, today, billedThrough);
  const monthStart = `${today.slice(0, 7)}-01`;
  const days = daysBetween(monthStart, today).length;
  const previousStart = previousMonthStart(monthStart);
  const previousEnd = addDays(previousStart, days) < monthStart ? addDays(previousStart, days) : monthStart;
  const previousDays = daysBetween(previousStart, previousEnd).filter((day) => costByDay.has(day));
  const previous = previousDays.reduce((sum, day) => sum + (costByDay.get(day) ?? 0n), 0n);
  return {
    month: forecast.month,
    days,
    spent: forecast.monthToDate,
    previous: { from: previousStart, to: previousEnd, spent: fromScaled(previous), daysWithSpend: previousDays.length },
    projected: forecast.projected,
    forecastMethod: forecast.method,
    budgets: summarizeBudgets(budgets),
  };
}

/** How the month's budgets stand; team budgets summed, since teams split spend without overlap. */
export function summarizeBudgets(budgets: BudgetStatus[]): BudgetSummary {
  const teams = budgets.filter((budget) => budget.scope === "team");
  const sum = (pick: (budget: BudgetStatus) => string) =>
    fromScaled(teams.reduce((total, budget) => total + toScaled(pick(budget)), 0n));
  return {
    count: budgets.length,
    onTrack: budgets.filter((budget) => budget.status === "ok").length,
    atRisk: budgets.filter((budget) => budget.status === "threshold" || budget.status === "forecast_breach").length,
    over: budgets.filter((budget) => budget.status === "breach").length,
    teams: teams.length
      ? {
          spent: sum((budget) => budget.forecast.monthToDate),
          limit: sum((budget) => budget.monthlyAmount),
          projected: sum((budget) => budget.forecast.projected),
        }
      : null,
  };
}
