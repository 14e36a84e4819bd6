import type { Metadata } from "next";
import { costExplorer } from "@/lib/attribution/cost-explorer";
import { activeFilters } from "@/lib/attribution/cost-filters";
import { GROUP_LABELS } from "@/lib/attribution/group-labels";
import type { CostExplorer } from "@/lib/attribution/schemas";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { SearchParams } from "@/lib/http/page-params";
import { addDays, completeDays } from "@/lib/time";
import { Card } from "../_components/card";
import { Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { UnitCostChart } from "./_charts/cost-charts";
import { BreakdownTable } from "./breakdown-table";
import { CostChart } from "./cost-chart";
import { CostControls } from "./cost-controls";
import { CostTiles } from "./cost-tiles";
import { type CostsView, WINDOWS } from "./costs-href";
import { MoversTable } from "./movers-table";
import styles from "./costs.module.css";
import { costsParams } from "./params";
import { ViewTransition } from "./view-transition";

export const metadata: Metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

export default async function CostsPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { view, problem } = costsParams(await searchParams);
  const { from, to } = completeDays(WINDOWS[view.window]);
  const { groupBy, metric, filters, expand, page } = view;
  const figures = await costExplorer(ctx, { from, to, groupBy, metric, ...filters, expand, page });
  const narrowed = activeFilters(filters).length > 0 ? " (filtered)" : "";
  return (
    <ViewTransition>
      <PageHeader title="Costs" subtitle={`Allocated ${metric} cost${narrowed}, ${from} to ${addDays(to, -1)} (UTC)`} />
      <CostControls view={view} />
      {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
      <CostTiles view={figures} />
      <DailySpend view={view} figures={figures} />
      <div className={styles.pair}>
        <Card id="movers-title" title="Top movers" note="the last 7 complete days against the 7 before">
          <MoversTable groupBy={groupBy} movers={figures.movers} />
        </Card>
        <UnitCost figures={figures} />
      </div>
      <Card
        id="breakdown-title"
        title={`By ${GROUP_LABELS[groupBy].toLowerCase()}`}
        note={`the window's total, largest first${groupBy === "feature" ? "; open a feature for where its cost comes from" : ""}`}
      >
        <BreakdownTable view={view} figures={figures} />
      </Card>
    </ViewTransition>
  );
}

function DailySpend({ view, figures }: { view: CostsView; figures: CostExplorer }) {
  return (
    <Card
      id="cost-title"
      title={`Daily spend by ${GROUP_LABELS[view.groupBy].toLowerCase()}`}
      note={`${view.metric} cost, USD; click a bar or legend entry to filter by it`}
    >
      {figures.total === "0" && figures.days.every((day) => day.total === "0") ? (
        <p className="empty-note">
          No allocated spend in this window{activeFilters(view.filters).length ? " for these filters" : ""}. Import a
          billing export on the Imports page, or wait for the worker&apos;s next allocation.
        </p>
      ) : (
        <CostChart view={view} days={figures.days} keys={figures.keys} />
      )}
    </Card>
  );
}

function UnitCost({ figures }: { figures: CostExplorer }) {
  const note = `${figures.metric} cost per 1,000 entry requests`;
  return (
    <Card id="unit-title" title="Unit cost" note={note}>
      {!figures.requestsKnown ? (
        <p className="empty-note">Requests are not known per team, provider, cloud service or resource.</p>
      ) : figures.days.some((day) => day.unitCost !== null) ? (
        <UnitCostChart days={figures.days} />
      ) : (
        <p className="empty-note">No requests in the trace rollups for this window.</p>
      )}
    </Card>
  );
}
