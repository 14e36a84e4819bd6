import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { UNALLOCATED } from "@/lib/attribution/allocate-costs";
import { costSummary } from "@/lib/attribution/cost-summary";
import { formatUsd, fromScaled, toScaled } from "@/lib/decimal";
import { addDays } from "@/lib/time";
import { getOverview } from "@/lib/overview/get-overview";
import { PageHeader } from "./_components/not-built";
import { Tile } from "./_components/tile";
import { ServicesTable } from "./_overview/services-table";
import { StackedDailyBars } from "./_components/stacked-daily-bars";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const { ctx } = await pageCtx("read");
  const overview = await getOverview(ctx, { days: 30 });
  const { window, spendByDay } = overview;
  const total = toScaled(overview.totalSpend);
  // The same share the Costs page shows: spend no tag rule or telemetry gives to a feature.
  const byFeature = await costSummary(ctx, {
    from: window.from,
    to: window.to,
    groupBy: "feature",
    metric: "billed",
    limit: 1000,
  });
  const allocated = byFeature.reduce((sum, row) => sum + toScaled(row.cost), 0n);
  const unallocated = toScaled(byFeature.find((row) => row.key === UNALLOCATED)?.cost ?? "0");
  const dailyAverage = spendByDay.length ? fromScaled(total / BigInt(spendByDay.length)) : "0";
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={`Last ${window.days} days: ${window.from} to ${addDays(window.to, -1)} (UTC)`}
      />
      <section className="tiles" aria-label="Key figures">
        <Tile
          label={`Cloud spend, ${window.days} days`}
          value={formatUsd(overview.totalSpend, { cents: false })}
          testId="tile-spend"
        />
        <Tile label="Average per day" value={formatUsd(dailyAverage, { cents: false })} />
        <Tile
          label="Unallocated spend"
          value={allocated > 0n ? `${((Number(unallocated) / Number(allocated)) * 100).toFixed(1)}%` : "–"}
          hint="Not given to a feature by a tag or the traces"
          testId="tile-unallocated"
        />
        <Tile label="Services" value={String(overview.services.length)} />
        <Tile label="MTTR" value="not measured yet" hint="Needs incident events" muted />
        <Tile label="Deployment frequency" value="not measured yet" hint="Needs CI/CD events" muted />
      </section>
      <section className="card" aria-labelledby="spend-title">
        <div className="card-head">
          <h2 id="spend-title">Daily cloud spend by service</h2>
          <span className="muted">
            billed cost, USD
            {overview.lastRollupAt ? ` · rolled up ${overview.lastRollupAt.slice(0, 16).replace("T", " ")} UTC` : ""}
          </span>
        </div>
        {spendByDay.length ? (
          <StackedDailyBars
            days={spendByDay.map((day) => ({ day: day.day, amounts: day.byService }))}
            keys={overview.spendKeys}
            testId="spend-chart"
          />
        ) : (
          <p className="empty-note">No spend in this window yet. Import a billing export or run `npm run demo:load`.</p>
        )}
      </section>
      <section className="card" aria-labelledby="services-title">
        <div className="card-head">
          <h2 id="services-title">Services</h2>
          <span className="muted">spend over the same {window.days} days</span>
        </div>
        <ServicesTable services={overview.services} />
      </section>
    </>
  );
}
