import type { Metadata } from "next";
import { costExplorer } from "@/lib/attribution/cost-explorer";
import type { CostExplorer } from "@/lib/attribution/schemas";
import { pageCtx } from "@/lib/auth/page-ctx";
import { choiceOf, firstValue, type SearchParams } from "@/lib/http/page-params";
import { addDays, completeDays } from "@/lib/time";
import { Card } from "../_components/card";
import { PageHeader } from "../_components/not-built";
import { StackedDailyBars } from "../_components/stacked-daily-bars";
import { UnitCostChart } from "./_charts/cost-charts";
import { BreakdownTable } from "./breakdown-table";
import { CostControls, WINDOWS } from "./cost-controls";
import { GROUP_LABELS } from "./cost-labels";
import { CostTiles } from "./cost-tiles";
import { MoversTable } from "./movers-table";

export const metadata: Metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

export default async function CostsPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  // Unknown choices fall back to the defaults, as the page's own links never send them.
  const groupBy = choiceOf(GROUP_LABELS, search.groupBy, "feature");
  const metric = firstValue(search.metric) === "billed" ? "billed" : "effective";
  const window = choiceOf(WINDOWS, search.window, "30d");
  const { from, to } = completeDays(WINDOWS[window]);
  const view = await costExplorer(ctx, { from, to, groupBy, metric });
  return (
    <>
      <PageHeader title="Costs" subtitle={`Allocated ${metric} cost, ${from} to ${addDays(to, -1)} (UTC)`} />
      <CostControls groupBy={groupBy} metric={metric} window={window} />
      <CostTiles view={view} />
      <DailySpend view={view} />
      <div className="two-columns">
        <Card id="movers-title" title="Top movers" note="last 7 days against the 7 before">
          <MoversTable groupBy={groupBy} movers={view.movers} />
        </Card>
        <UnitCost view={view} />
      </div>
      <Card
        id="breakdown-title"
        title={`By ${GROUP_LABELS[groupBy].toLowerCase()}`}
        note={`the window's total, largest first${groupBy === "feature" ? "; open a feature for where its cost comes from" : ""}`}
      >
        <BreakdownTable groupBy={groupBy} rows={view.breakdown} withRequests={view.requestsByKey !== null} />
      </Card>
    </>
  );
}

function DailySpend({ view }: { view: CostExplorer }) {
  return (
    <Card
      id="cost-title"
      title={`Daily spend by ${GROUP_LABELS[view.groupBy].toLowerCase()}`}
      note={`${view.metric} cost, USD`}
    >
      {view.total === "0" && view.days.every((day) => day.total === "0") ? (
        <p className="empty-note">
          No allocated spend in this window. Import a billing export on the Imports page, or wait for the worker&apos;s
          next allocation.
        </p>
      ) : (
        <StackedDailyBars
          days={view.days.map((day) => ({ day: day.day, amounts: day.byKey }))}
          keys={view.keys}
          testId="cost-chart"
        />
      )}
    </Card>
  );
}

function UnitCost({ view }: { view: CostExplorer }) {
  return (
    <Card id="unit-title" title="Unit cost" note={`${view.metric} cost per 1,000 entry requests, all features`}>
      {view.days.some((day) => day.unitCost !== null) ? (
        <UnitCostChart days={view.days} />
      ) : (
        <p className="empty-note">No requests in the trace rollups for this window.</p>
      )}
    </Card>
  );
}
