import type { Metadata } from "next";
import Link from "next/link";
import { listBudgets, listCostAlerts } from "@/lib/attribution/budgets";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { formatUsd } from "@/lib/decimal";
import { PageHeader } from "../../_components/not-built";
import { BudgetForm, DeleteBudget } from "./budget-form";

export const metadata: Metadata = { title: "Budgets" };
export const dynamic = "force-dynamic";

const STATUS: Record<string, string> = {
  ok: "on track",
  threshold: "past threshold",
  forecast_breach: "forecast over budget",
  breach: "over budget",
};

export default async function BudgetsPage() {
  const { ctx } = await pageCtx("read");
  const [budgets, alerts] = await Promise.all([listBudgets(ctx), listCostAlerts(ctx, { limit: 50 })]);
  const manage = can(ctx.actor, "costs:manage");
  return (
    <>
      <PageHeader
        title="Budgets"
        subtitle="Monthly budgets per feature or team against allocated spend; the worker raises alerts on crossings"
      />
      <p>
        <Link href="/costs">← Costs</Link>
      </p>
      <section className="card" aria-labelledby="budgets-title">
        <div className="card-head">
          <h2 id="budgets-title">This month</h2>
          <span className="muted">forecast: month to date plus the last 7 full days' average for each day left</span>
        </div>
        {manage && <BudgetForm />}
        {budgets.length === 0 ? (
          <p className="empty-note">No budgets yet.</p>
        ) : (
          <table className="table" data-testid="budgets">
            <thead>
              <tr>
                <th>Budget</th>
                <th className="num">Monthly</th>
                <th className="num">Spent</th>
                <th>Used</th>
                <th className="num">Forecast</th>
                <th>Status</th>
                {manage && <th />}
              </tr>
            </thead>
            <tbody>
              {budgets.map((budget) => (
                <tr key={budget.id}>
                  <td>
                    <span className="strong">{budget.key}</span>
                    <div className="muted small">
                      {budget.scope} · {budget.metric} cost · alert at {budget.thresholdPercent}%
                    </div>
                  </td>
                  <td className="num">{formatUsd(budget.monthlyAmount, { cents: false })}</td>
                  <td className="num">{formatUsd(budget.forecast.monthToDate)}</td>
                  <td>
                    <div
                      className="meter"
                      role="meter"
                      aria-valuenow={budget.usedPercent}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-label={`${budget.usedPercent.toFixed(0)}% used`}
                    >
                      <div
                        className={`meter-fill meter-${budget.status}`}
                        style={{ width: `${Math.min(100, budget.usedPercent)}%` }}
                      />
                      <div className="meter-mark" style={{ left: `${budget.thresholdPercent}%` }} />
                    </div>
                    <div className="muted small">{budget.usedPercent.toFixed(0)}%</div>
                  </td>
                  <td className="num">{formatUsd(budget.forecast.projected)}</td>
                  <td>
                    <span className={`pill budget-${budget.status}`}>{STATUS[budget.status]}</span>
                  </td>
                  {manage && (
                    <td>
                      <DeleteBudget id={budget.id} label={`${budget.scope} ${budget.key}`} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="alerts-title">
        <div className="card-head">
          <h2 id="alerts-title">Alerts</h2>
          <span className="muted">raised once per budget, month and kind; newest first</span>
        </div>
        {alerts.items.length === 0 ? (
          <p className="empty-note">No alerts.</p>
        ) : (
          <table className="table" data-testid="cost-alerts">
            <tbody>
              {alerts.items.map((alert) => (
                <tr key={alert.id}>
                  <td className="nowrap">{alert.raisedAt.slice(0, 16).replace("T", " ")}</td>
                  <td>
                    <span className={`pill budget-${alert.kind}`}>{STATUS[alert.kind]}</span>
                  </td>
                  <td>{alert.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
