import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { formatUsd } from "@/lib/decimal";
import { publicUrl } from "@/lib/env";
import { notify } from "@/lib/notifications/notify";
import { utcDay } from "../time";
import { type BudgetCrossing, budgetCrossings } from "./budget-status";
import { listBudgets } from "./list-budgets";
import type { BudgetStatus } from "./schemas";

// Monthly budgets per feature or team, checked by the worker against the allocated spend: an alert
// when the month passes the threshold share, when it passes the budget, and when the forecast
// (lib/forecasts' seasonal model, or the run rate while it learns) says it will. Each is raised once per budget and month, and queued as a notice to the
// admins' channels (lib/notifications), the pipeline the SLO alerts use.

/** The worker's check: raises each crossing once per budget and month; notices that could not be queued are named. */
export async function evaluateBudgets(
  ctx: Ctx,
  today: string = utcDay(new Date()),
): Promise<{ raised: number; unnotified: string[] }> {
  authorize(ctx, "costs:manage");
  let raised = 0;
  const unnotified: string[] = [];
  for (const budget of await listBudgets(ctx, today)) {
    const { forecast } = budget;
    const crossed = budgetCrossings({
      spent: forecast.monthToDate,
      projected: forecast.projected,
      limit: budget.monthlyAmount,
      thresholdPercent: budget.thresholdPercent,
    });
    for (const kind of crossed) {
      const inserted = await pool().query(
        `INSERT INTO cost_alert (id, budget_id, month, kind, spent, projected, budget_amount, message)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (budget_id, month, kind) DO NOTHING`,
        [
          budget.id,
          forecast.month,
          kind,
          forecast.monthToDate,
          forecast.projected,
          budget.monthlyAmount,
          alertMessage(budget, kind),
        ],
      );
      if (!inserted.rowCount) continue;
      raised++;
      const error = await notifyCrossing(ctx, budget, kind);
      if (error) unnotified.push(`${budget.scope} ${budget.key} ${kind}: ${error}`);
    }
  }
  return { raised, unnotified };
}

/** Queues the crossing's notice: a breach as a ticket, a threshold or forecast as information. */
async function notifyCrossing(ctx: Ctx, budget: BudgetStatus, kind: BudgetCrossing): Promise<string | null> {
  try {
    const team =
      budget.scope === "team"
        ? budget.key
        : ((await pool().query<{ team: string }>("SELECT team FROM feature WHERE key = $1", [budget.key])).rows[0]
            ?.team ?? null);
    await notify(ctx, {
      key: `budget:${budget.id}:${budget.forecast.month}:${kind}`,
      state: "firing",
      severity: kind === "breach" ? "ticket" : "info",
      title: `Budget ${kind === "breach" ? "overspent" : kind === "forecast_breach" ? "forecast over" : "threshold"}: ${budget.scope} ${budget.key}`,
      summary: alertMessage(budget, kind),
      service: null,
      team,
      url: `${publicUrl()}/costs/budgets`,
      labels: { scope: budget.scope, key: budget.key, kind, month: budget.forecast.month },
      source: "budget",
    });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function alertMessage({ scope, key, forecast, monthlyAmount, usedPercent }: BudgetStatus, kind: BudgetCrossing) {
  const budget = formatUsd(monthlyAmount);
  if (kind === "breach")
    return `${scope} ${key} has spent ${formatUsd(forecast.monthToDate)} in ${forecast.month}, over its budget of ${budget}`;
  if (kind === "forecast_breach")
    return `${scope} ${key} is forecast to spend ${formatUsd(forecast.projected)} in ${forecast.month}, over its budget of ${budget}`;
  return `${scope} ${key} has used ${usedPercent.toFixed(0)}% of its ${budget} budget for ${forecast.month}`;
}
