import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { UNALLOCATED } from "@/lib/costs/rollup-daily-spend";
import { formatUsd, fromScaled, toScaled } from "@/lib/money";
import { addDays } from "@/lib/time";
import { getOverview } from "@/lib/overview/get-overview";
import { PageHeader } from "./_components/not-built";
import { Tile } from "./_components/tile";
import { ServicesTable } from "./_overview/services-table";
import { SpendChart } from "./_overview/spend-chart";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const { ctx } = await pageCtx("read");
  const overview = await getOverview(ctx, { days: 30 });
  const { window, spendByDay } = overview;
  const unallocated = spendByDay.reduce((sum, day) => sum + toScaled(day.byService[UNALLOCATED] ?? "0"), 0n);
  const total = toScaled(overview.totalSpend);
  const dailyAverage = spendByDay.length ? fromScaled(total / BigInt(spendByDay.length)) : "0";
  return (
    <>
      <PageHeader title="Overview" subtitle={`Last ${window.days} days: ${window.from} to ${addDays(window.to, -1)} (UTC)`} />
      <section className="tiles" aria-label="Key figures">
        <Tile label={`Cloud spend, ${window.days} days`} value={formatUsd(overview.totalSpend, { cents: false })} testId="tile-spend" />
        <Tile label="Average per day" value={formatUsd(dailyAverage, { cents: false })} />
        <Tile label="Unallocated spend" value={total > 0n ? `${((Number(unallocated) / Number(total)) * 100).toFixed(1)}%` : "–"} hint="Cost lines without a service tag" />
        <Tile label="Services" value={String(overview.services.length)} />
        <Tile label="MTTR" value="not measured yet" hint="Needs incident events" muted />
        <Tile label="Deployment frequency" value="not measured yet" hint="Needs CI/CD events" muted />
      </section>
      <section className="card" aria-labelledby="spend-title">
        <div className="card-head">
          <h2 id="spend-title">Daily cloud spend by service</h2>
          <span className="muted">billed cost, USD{overview.lastRollupAt ? ` · rolled up ${overview.lastRollupAt.slice(0, 16).replace("T", " ")} UTC` : ""}</span>
        </div>
        {spendByDay.length ? (
          <SpendChart days={spendByDay} keys={overview.spendKeys} />
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
