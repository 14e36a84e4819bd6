import type { Budget } from "@prisma/client";
import { authorize, type Ctx } from "../context";
import { db, pool } from "../db";
import { fromScaled, toScaled } from "@/lib/decimal";
import { addDays, utcDay } from "../time";
import { budgetStatus } from "./budget-status";
import { COST_HISTORY_DAYS } from "@/lib/forecasts/cost-forecast";
import { projectMonth } from "@/lib/forecasts/project-month";
import type { BudgetStatus } from "./schemas";

interface SpendRow {
  scope: string;
  key: string;
  day: string;
  billed: string;
  effective: string;
}

/** Every budget with this month's spend, forecast and status. */
export async function listBudgets(ctx: Ctx, today: string = utcDay(new Date())): Promise<BudgetStatus[]> {
  authorize(ctx, "read");
  const budgets = await db().budget.findMany({ orderBy: [{ scope: "asc" }, { key: "asc" }], take: 500 });
  if (!budgets.length) return [];
  const rows = await dailySpendOf(budgets, today);
  return budgets.map((budget) => statusOf(budget, rows, today));
}

/**
 * Allocated spend per day of each budgeted feature and team, over the seasonal model's history (and
 * at least from a week before the month, for the run rate it falls back to while it learns).
 */
async function dailySpendOf(budgets: Budget[], today: string): Promise<SpendRow[]> {
  const keysOf = (scope: string) => budgets.filter((b) => b.scope === scope).map((b) => b.key);
  const { rows } = await pool().query<SpendRow>(
    `SELECT 'feature' AS scope, feature AS key, day::text, sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective
     FROM cost_allocation WHERE day >= $1::date AND day <= $2::date AND feature = ANY($3::text[]) GROUP BY 2, 3
     UNION ALL
     SELECT 'team', team, day::text, sum(billed_cost)::text, sum(effective_cost)::text
     FROM cost_allocation WHERE day >= $1::date AND day <= $2::date AND team = ANY($4::text[]) GROUP BY 2, 3`,
    [historyStart(today), today, keysOf("feature"), keysOf("team")],
  );
  return rows;
}

function historyStart(today: string): string {
  const runRate = addDays(`${today.slice(0, 7)}-01`, -8);
  const model = addDays(today, -COST_HISTORY_DAYS);
  return runRate < model ? runRate : model;
}

function statusOf(budget: Budget, rows: SpendRow[], today: string): BudgetStatus {
  const byDay = new Map<string, bigint>();
  for (const row of rows)
    if (row.scope === budget.scope && row.key === budget.key)
      byDay.set(row.day, toScaled(budget.metric === "billed" ? row.billed : row.effective));
  const forecast = projectMonth(byDay, today);
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
