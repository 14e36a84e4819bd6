import type { Metadata } from "next";
import { listBudgets } from "@/lib/attribution/list-budgets";
import { listCostAlerts } from "@/lib/attribution/list-cost-alerts";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { listBudgetKeys } from "@/lib/features/list-budget-keys";
import { Card } from "../../_components/card";
import { PageHeader } from "../../_components/not-built";
import { ForecastsLink } from "../../anomalies/forecasts/forecasts-link";
import { AlertsTable } from "./alerts-table";
import { BudgetForm } from "./budget-form";
import { BudgetsTable } from "./budgets-table";

export const metadata: Metadata = { title: "Budgets" };
export const dynamic = "force-dynamic";

export default async function BudgetsPage() {
  const { ctx } = await pageCtx("read");
  const manage = can(ctx.actor, "costs:manage");
  const [budgets, alerts, keys] = await Promise.all([
    listBudgets(ctx),
    listCostAlerts(ctx, { limit: 50 }),
    manage ? listBudgetKeys(ctx) : null,
  ]);
  return (
    <>
      <PageHeader
        title="Budgets"
        subtitle="Monthly budgets per feature or team against allocated spend; the worker raises alerts on crossings"
        back={{ href: "/costs", label: "← Costs" }}
      />
      <ForecastsLink label="Feature cost forecasts" />
      <Card
        id="budgets-title"
        title="This month"
        note="forecast: month to date plus the seasonal model's expected days left (the last 7 days' average while it learns)"
      >
        {keys && <BudgetForm keys={keys} />}
        <BudgetsTable budgets={budgets} manage={manage} />
      </Card>
      <Card id="alerts-title" title="Alerts" note="raised once per budget, month and kind; newest first">
        <AlertsTable alerts={alerts.items} />
      </Card>
    </>
  );
}
