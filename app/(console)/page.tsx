import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { addDays } from "@/lib/time";
import { getOverview } from "@/lib/overview/get-overview";
import type { Overview } from "@/lib/overview/schemas";
import { Card } from "./_components/card";
import { PageHeader } from "./_components/not-built";
import { StackedDailyBars } from "./_components/stacked-daily-bars";
import { OverviewTiles } from "./_overview/overview-tiles";
import { ServicesTable } from "./_overview/services-table";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const { ctx } = await pageCtx("read");
  const overview = await getOverview(ctx, { days: 30 });
  const { window } = overview;
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={`Last ${window.days} days: ${window.from} to ${addDays(window.to, -1)} (UTC)`}
      />
      <OverviewTiles overview={overview} />
      <SpendChart overview={overview} />
      <Card id="services-title" title="Services" note={`spend over the same ${window.days} days`}>
        <ServicesTable services={overview.services} />
      </Card>
    </>
  );
}

function SpendChart({ overview }: { overview: Overview }) {
  const { spendByDay, lastAllocatedAt } = overview;
  return (
    <Card
      id="spend-title"
      title="Daily cloud spend by service"
      note={`billed cost, USD${lastAllocatedAt ? ` · allocated ${lastAllocatedAt.slice(0, 16).replace("T", " ")} UTC` : ""}`}
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
