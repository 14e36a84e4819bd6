import type { Metadata } from "next";
import Link from "next/link";
import { listBudgets } from "@/lib/attribution/list-budgets";
import { listCostAlerts } from "@/lib/attribution/list-cost-alerts";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { PageHeader } from "../../_components/not-built";
import { AlertsTable } from "./alerts-table";
import { BudgetForm } from "./budget-form";
import { BudgetsTable } from "./budgets-table";

export const metadata: Metadata = { title: "Budgets" };
export const dynamic = "force-dynamic";

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
          <span className="muted">
            forecast: month to date plus the last 7 full days&apos; average for each day left
          </span>
        </div>
        {manage && <BudgetForm />}
        <BudgetsTable budgets={budgets} manage={manage} />
      </section>
      <section className="card" aria-labelledby="alerts-title">
        <div className="card-head">
          <h2 id="alerts-title">Alerts</h2>
          <span className="muted">raised once per budget, month and kind; newest first</span>
        </div>
        <AlertsTable alerts={alerts.items} />
      </section>
    </>
  );
}
