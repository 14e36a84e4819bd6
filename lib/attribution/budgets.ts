import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { db, pool, transaction } from "../db";
import { VigilError } from "../errors";
import { formatUsd, fromScaled, toScaled } from "@/lib/decimal";
import { addDays, utcDay } from "../time";
import { blankAsUnset, integer, parseInput, text, timestamp } from "../validation";
import { forecastMonth, type MonthForecast } from "./forecast";

// Monthly budgets per feature or team, checked by the worker against the allocated spend: an alert
// when the month passes the threshold share, when it passes the budget, and when the run-rate
// forecast says it will. Each is raised once per budget and month (notification channels later).

export const CreateBudgetInput = z.object({
  scope: z.enum(["feature", "team"]),
  key: text(200, 1)
    .transform((key) => key.trim())
    .pipe(z.string().min(1, "must not be blank")),
  monthlyAmount: z.string().regex(/^\d{1,20}(\.\d{1,2})?$/, "a positive amount in dollars, like 12000 or 12000.50"),
  metric: z.enum(["effective", "billed"]).default("effective"),
  thresholdPercent: z.preprocess(blankAsUnset, integer(1, 100).default(80)),
});
export type CreateBudgetInput = z.input<typeof CreateBudgetInput>;

export interface BudgetStatus {
  id: string;
  scope: "feature" | "team";
  key: string;
  monthlyAmount: string;
  metric: "effective" | "billed";
  thresholdPercent: number;
  forecast: MonthForecast;
  /** Month to date as a share of the budget, 0-100+. */
  usedPercent: number;
  status: "ok" | "threshold" | "forecast_breach" | "breach";
}

export async function createBudget(ctx: Ctx, input: CreateBudgetInput): Promise<{ id: string }> {
  authorize(ctx, "costs:manage");
  const budget = parseInput(CreateBudgetInput, input);
  return transaction(async (tx) => {
    if (await tx.budget.findUnique({ where: { scope_key: { scope: budget.scope, key: budget.key } } })) {
      throw new VigilError("conflict", `There is already a budget for ${budget.scope} ${budget.key}`);
    }
    const created = await tx.budget.create({ data: { ...budget, createdBy: ctx.actor.label } });
    await recordAudit(tx, ctx, {
      action: "budget.create",
      target: { type: "budget", id: created.id },
      summary: { ...budget },
    });
    return { id: created.id };
  });
}

export async function deleteBudget(ctx: Ctx, id: string): Promise<{ deleted: true }> {
  authorize(ctx, "costs:manage");
  if (!z.uuid().safeParse(id).success) throw new VigilError("not_found", "No such budget");
  return transaction(async (tx) => {
    const budget = await tx.budget.findUnique({ where: { id } });
    if (!budget) throw new VigilError("not_found", "No such budget");
    await tx.budget.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: "budget.delete",
      target: { type: "budget", id },
      summary: { scope: budget.scope, key: budget.key, monthlyAmount: budget.monthlyAmount.toFixed() },
    });
    return { deleted: true as const };
  });
}

/** Every budget with this month's spend, forecast and status. */
export async function listBudgets(ctx: Ctx, today: string = utcDay(new Date())): Promise<BudgetStatus[]> {
  authorize(ctx, "read");
  const budgets = await db().budget.findMany({ orderBy: [{ scope: "asc" }, { key: "asc" }], take: 500 });
  if (!budgets.length) return [];
  const from = addDays(`${today.slice(0, 7)}-01`, -8);
  const { rows } = await pool().query<{ scope: string; key: string; day: string; billed: string; effective: string }>(
    `SELECT 'feature' AS scope, feature AS key, day::text, sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective
     FROM cost_allocation WHERE day >= $1::date AND day <= $2::date AND feature = ANY($3::text[]) GROUP BY 2, 3
     UNION ALL
     SELECT 'team', team, day::text, sum(billed_cost)::text, sum(effective_cost)::text
     FROM cost_allocation WHERE day >= $1::date AND day <= $2::date AND team = ANY($4::text[]) GROUP BY 2, 3`,
    [
      from,
      today,
      budgets.filter((b) => b.scope === "feature").map((b) => b.key),
      budgets.filter((b) => b.scope === "team").map((b) => b.key),
    ],
  );
  return budgets.map((budget): BudgetStatus => {
    const byDay = new Map<string, bigint>();
    for (const row of rows)
      if (row.scope === budget.scope && row.key === budget.key)
        byDay.set(row.day, toScaled(budget.metric === "billed" ? row.billed : row.effective));
    const forecast = forecastMonth(byDay, today);
    const limit = toScaled(budget.monthlyAmount.toFixed());
    const spent = toScaled(forecast.monthToDate);
    const threshold = (limit * BigInt(budget.thresholdPercent)) / 100n;
    const status =
      spent > limit
        ? "breach"
        : toScaled(forecast.projected) > limit
          ? "forecast_breach"
          : spent >= threshold
            ? "threshold"
            : "ok";
    return {
      id: budget.id,
      scope: budget.scope as BudgetStatus["scope"],
      key: budget.key,
      monthlyAmount: fromScaled(limit),
      metric: budget.metric as BudgetStatus["metric"],
      thresholdPercent: budget.thresholdPercent,
      forecast,
      usedPercent: limit > 0n ? Number((spent * 10_000n) / limit) / 100 : 0,
      status,
    };
  });
}

/** The worker's check: raises each crossing once per budget and month. */
export async function evaluateBudgets(ctx: Ctx, today: string = utcDay(new Date())): Promise<{ raised: number }> {
  authorize(ctx, "costs:manage");
  let raised = 0;
  for (const budget of await listBudgets(ctx, today)) {
    const spent = toScaled(budget.forecast.monthToDate);
    const limit = toScaled(budget.monthlyAmount);
    const kinds: string[] = [];
    if (spent * 100n >= limit * BigInt(budget.thresholdPercent)) kinds.push("threshold");
    if (toScaled(budget.forecast.projected) > limit && spent <= limit) kinds.push("forecast_breach");
    if (spent > limit) kinds.push("breach");
    for (const kind of kinds) {
      const what = `${budget.scope} ${budget.key}`;
      const message =
        kind === "breach"
          ? `${what} has spent ${formatUsd(budget.forecast.monthToDate)} in ${budget.forecast.month}, over its budget of ${formatUsd(budget.monthlyAmount)}`
          : kind === "forecast_breach"
            ? `${what} is forecast to spend ${formatUsd(budget.forecast.projected)} in ${budget.forecast.month}, over its budget of ${formatUsd(budget.monthlyAmount)}`
            : `${what} has used ${budget.usedPercent.toFixed(0)}% of its ${formatUsd(budget.monthlyAmount)} budget for ${budget.forecast.month}`;
      const inserted = await pool().query(
        `INSERT INTO cost_alert (id, budget_id, month, kind, spent, projected, budget_amount, message)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (budget_id, month, kind) DO NOTHING`,
        [
          budget.id,
          budget.forecast.month,
          kind,
          budget.forecast.monthToDate,
          budget.forecast.projected,
          budget.monthlyAmount,
          message,
        ],
      );
      raised += inserted.rowCount ?? 0;
    }
  }
  return { raised };
}

export const ListAlertsInput = z.object({
  limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
  /** The `nextBefore` of the previous page. */
  before: z.preprocess(blankAsUnset, timestamp().optional()),
});

export interface CostAlertRow {
  id: string;
  kind: string;
  month: string;
  message: string;
  scope: string;
  key: string;
  raisedAt: string;
}

/** Alerts newest first, paged by time. */
export async function listCostAlerts(
  ctx: Ctx,
  input: z.input<typeof ListAlertsInput> = {},
): Promise<{ items: CostAlertRow[]; nextBefore: string | null }> {
  authorize(ctx, "read");
  const { limit, before } = parseInput(ListAlertsInput, input);
  const alerts = await db().costAlert.findMany({
    where: before ? { raisedAt: { lt: new Date(before) } } : {},
    orderBy: { raisedAt: "desc" },
    take: limit + 1,
    include: { budget: { select: { scope: true, key: true } } },
  });
  const items = alerts.slice(0, limit).map((alert) => ({
    id: alert.id,
    kind: alert.kind,
    month: alert.month,
    message: alert.message,
    scope: alert.budget.scope,
    key: alert.budget.key,
    raisedAt: alert.raisedAt.toISOString(),
  }));
  return { items, nextBefore: alerts.length > limit ? items[items.length - 1].raisedAt : null };
}
