import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { worstMovers } from "@/lib/delivery/dora-movers";
import { doraSeries, type DoraWeek } from "@/lib/delivery/dora-series";
import { doraSlices } from "@/lib/delivery/dora-slices";
import { getDora } from "@/lib/delivery/get-dora";
import { choiceOf, firstValue, type SearchParams } from "@/lib/http/page-params";
import { addDays, completeDays } from "@/lib/time";
import { text } from "@/lib/validation";
import { Card } from "../_components/card";
import { BudgetPolicyNotice } from "../_components/budget-policy-notice";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { Segmented } from "../_components/segmented";
import { WINDOWS } from "../costs/costs-href";
import { DeliveryLists } from "./delivery-lists";
import { DoraTiles } from "./dora-tiles";
import { MoversTable } from "./movers-table";
import { SeriesCharts, type WeekRow } from "./series-charts";
import { SlicesTable } from "./slices-table";

export const metadata: Metadata = { title: "Delivery" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };
type Window = { from: string; to: string };

/** A team or service name to page after, or none when the parameter can not be one. */
const afterOf = (value: string | string[] | undefined) => {
  const name = firstValue(value);
  return name !== undefined && text(200, 1).safeParse(name).success ? name : undefined;
};

const hours = (minutes: number | null) => (minutes === null ? null : minutes / 60);
const percent = (ratio: number | null) => (ratio === null ? null : ratio * 100);

function weekRow({ from, to, metrics: m }: DoraWeek): WeekRow {
  return {
    week: from.toISOString().slice(0, 10),
    days: Math.round((to.getTime() - from.getTime()) / 86_400_000),
    deployments: m.deploymentFrequency.deployments,
    leadTimeHours: hours(m.leadTimeForChanges.medianMinutes),
    changeFailurePercent: percent(m.changeFailureRate.ratio),
    reworkPercent: percent(m.reworkRate.ratio),
    restoreHours: hours(m.timeToRestore.medianMinutes),
    recoveryHours: hours(m.failedDeploymentRecoveryTime.medianMinutes),
  };
}

async function readFigures(ctx: Ctx, window: Window, previous: Window, search: SearchParams) {
  const [current, before, series, teams, services] = await Promise.all([
    getDora(ctx, window),
    getDora(ctx, previous),
    doraSeries(ctx, window),
    doraSlices(ctx, { window, by: "team", after: afterOf(search.teamsAfter) }),
    doraSlices(ctx, { window, by: "service", after: afterOf(search.servicesAfter) }),
  ]);
  return { current, before, rows: series.map(weekRow), teams, services };
}

export default async function DeliveryPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  const windowKey = choiceOf(WINDOWS, search.window, "30d");
  const days = WINDOWS[windowKey];
  const window = completeDays(days);
  const previous = { from: addDays(window.from, -days), to: window.from };
  const figures = await readFigures(ctx, window, previous, search);
  const versus = `vs the ${days} days before`;
  const keep = { window: windowKey };
  return (
    <>
      <PageHeader
        title="Delivery"
        subtitle={`DORA metrics from deployments and incidents, ${window.from} to ${addDays(window.to, -1)} (UTC)`}
      />
      <BudgetPolicyNotice ctx={ctx} services={null} />
      <section className="card">
        <div className="card-head">
          <Segmented
            label="Window"
            options={Object.keys(WINDOWS).map((key) => ({ key, label: key, href: `/delivery?window=${key}` }))}
            current={windowKey}
          />
          <span className="muted">Tiers by the DORA 2023 table; hover a tier for the 2021 one.</span>
        </div>
        <DoraTiles current={figures.current} previous={figures.before} versus={versus} />
      </section>
      <Card
        id="weekly-title"
        title="Week by week"
        note="7-day weeks ending with the window (the first may be shorter); gaps have no data"
      >
        <SeriesCharts rows={figures.rows} />
      </Card>
      <Slices figures={figures} keep={keep} days={days} />
      <DeliveryLists ctx={ctx} path="/delivery" search={search} keep={keep} />
    </>
  );
}

type Figures = Awaited<ReturnType<typeof readFigures>>;

function Slices({ figures, keep, days }: { figures: Figures; keep: Record<string, string>; days: number }) {
  const { teams, services } = figures;
  const query = new URLSearchParams(keep);
  return (
    <>
      <Card id="movers-title" title="Worst movers" note={`services that got worse against the ${days} days before`}>
        <MoversTable movers={worstMovers(services.items)} />
      </Card>
      <Card id="teams-title" title="By team" note="figures and tiers over the window">
        <SlicesTable by="team" rows={teams.items} testId="dora-teams" />
        <OlderPage path="/delivery" query={query} param="teamsAfter" value={teams.nextCursor} label="More teams" />
      </Card>
      <Card
        id="services-title"
        title="By service"
        note="figures and tiers over the window; open a service for its deploys"
      >
        <SlicesTable by="service" rows={services.items} testId="dora-services" />
        <OlderPage
          path="/delivery"
          query={query}
          param="servicesAfter"
          value={services.nextCursor}
          label="More services"
        />
      </Card>
    </>
  );
}
