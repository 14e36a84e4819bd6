import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { choiceOf, firstValue, type SearchParams } from "@/lib/http/page-params";
import { getDora } from "@/lib/delivery/get-dora";
import { getOverview } from "@/lib/overview/get-overview";
import { getZombieSavings } from "@/lib/zombies/savings";
import type { Overview } from "@/lib/overview/schemas";
import { addDays } from "@/lib/time";
import { Card } from "./_components/card";
import { PageHeader } from "./_components/not-built";
import { Segmented } from "./_components/segmented";
import { StackedDailyBars } from "./_components/stacked-daily-bars";
import { WINDOWS } from "./costs/costs-href";
import { DeliveryTiles } from "./_overview/delivery-tiles";
import { OverviewTiles } from "./_overview/overview-tiles";
import { ServicesTable } from "./_overview/services-table";
import { ZombieTiles } from "./_overview/zombie-tiles";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };
type Choice = { window: keyof typeof WINDOWS; metric: "effective" | "billed" };

export default async function OverviewPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  // The Costs page's windows and metric, so the two pages read the same figure for the same choice.
  const choice: Choice = {
    window: choiceOf(WINDOWS, search.window, "30d"),
    metric: firstValue(search.metric) === "billed" ? "billed" : "effective",
  };
  const days = WINDOWS[choice.window];
  const overview = await getOverview(ctx, { days, metric: choice.metric });
  const { window } = overview;
  // The Delivery page's figures for the same complete days (GET /api/v1/dora reads these by default).
  const [dora, doraBefore, zombies] = await Promise.all([
    getDora(ctx, { from: window.from, to: window.to }),
    getDora(ctx, { from: addDays(window.from, -days), to: window.from }),
    getZombieSavings(ctx),
  ]);
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={`Allocated ${overview.metric} cost, ${window.from} to ${addDays(window.to, -1)} (UTC)`}
      />
      <OverviewControls choice={choice} />
      <OverviewTiles overview={overview} />
      <DeliveryTiles current={dora} previous={doraBefore} days={days} />
      <ZombieTiles savings={zombies} />
      <SpendChart overview={overview} />
      <Card id="services-title" title="Services" note={`${overview.metric} cost over the same ${window.days} days`}>
        <ServicesTable services={overview.services} />
      </Card>
    </>
  );
}

/** Window and metric as links, as on the Costs page, which opens with the same choice. */
function OverviewControls({ choice }: { choice: Choice }) {
  const link = (changes: Partial<Choice>) => `/?${new URLSearchParams({ ...choice, ...changes })}`;
  return (
    <section className="card">
      <div className="card-head">
        <Segmented
          label="Metric"
          options={[
            { key: "effective", label: "Effective (amortized)", href: link({ metric: "effective" }) },
            { key: "billed", label: "Billed", href: link({ metric: "billed" }) },
          ]}
          current={choice.metric}
        />
        <Segmented
          label="Window"
          options={Object.keys(WINDOWS).map((key) => ({
            key,
            label: key,
            href: link({ window: key as Choice["window"] }),
          }))}
          current={choice.window}
        />
        <Link href={`/costs?${new URLSearchParams({ ...choice, groupBy: "feature" })}`}>Costs by feature →</Link>
      </div>
    </section>
  );
}

function SpendChart({ overview }: { overview: Overview }) {
  const { spendByDay, lastAllocatedAt } = overview;
  return (
    <Card
      id="spend-title"
      title="Daily cloud spend by service"
      note={`${overview.metric} cost, USD${lastAllocatedAt ? ` · allocated ${lastAllocatedAt.slice(0, 16).replace("T", " ")} UTC` : ""}`}
    >
      {spendByDay.length ? (
        <StackedDailyBars
          days={spendByDay.map((day) => ({ day: day.day, amounts: day.byService }))}
          keys={overview.spendKeys}
          testId="spend-chart"
        />
      ) : (
        <p className="empty-note">No spend in this window yet. Import a billing export or run `npm run demo:load`.</p>
      )}
    </Card>
  );
}
