import type { Budget } from "@prisma/client";
import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { fromScaled, toScaled } from "@/lib/decimal";
import { utcDay } from "../time";
import { budgetStatus } from "./budget-status";
import { readBilledThrough, readDailySpend, type SpendRow } from "./daily-spend";
import { projectMonth } from "@/lib/forecasts/project-month";
import type { BudgetStatus } from "./schemas";

/** Every budget with this month's spend, forecast and status. */
export async function listBudgets(ctx: Ctx, today: string = utcDay(new Date())): Promise<BudgetStatus[]> {
  authorize(ctx, "read");
  const budgets = await db().budget.findMany({ orderBy: [{ scope: "asc" }, { key: "asc" }], take: 500 });
  if (!budgets.length) return [];
  const keysOf = (scope: string) => budgets.filter((b) => b.scope === scope).map((b) => b.key);
  const [rows, billedThrough] = await Promise.all([
    readDailySpend({ feature: keysOf("feature"), team: keysOf("team") }, today),
    readBilledThrough(today),
  ]);
  return budgets.map((budget) => statusOf(budget, rows, today, billedThrough));
}

function statusOf(budget: Budget, rows: SpendRow[], today: string, billedThrough: string | null): BudgetStatus {
  const byDay = new Map<string, bigint>();
  for (const row of rows)
    if (row.scope === budget.scope && row.key === budget.key)
      byDay.set(row.day, toScaled(budget.metric === "billed" ? row.billed : row.effective));
  const forecast = projectMonth(byDay, today, billedThrough);
  const limit = toScaled(budget.monthlyAmount.toFixed());
  const spent = toScaled(forecast.monthToDate);
  const monthlyAmount = fromScaled(limit);
  return {
    id: budget.id,
    scope: budget.scope as BudgetStatus["scope"],
    key: budget.key,
    monthlyAmount,
    metric: budget.metric as BudgetStatus["metric"],
    thresholdPercent: budget.thresholdPercent,
    forecast,
    usedPercent: limit > 0n ? Number((spent * 10_000n) / limit) / 100 : 0,
    status: budgetStatus({
      spent: forecast.monthToDate,
      projected: forecast.projected,
      limit: monthlyAmount,
      thresholdPercent: budget.thresholdPercent,
    }),
  };
}
