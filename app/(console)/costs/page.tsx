import type { Metadata } from "next";
import Link from "next/link";
import { UNALLOCATED } from "@/lib/attribution/allocate-costs";
import { costExplorer } from "@/lib/attribution/cost-explorer";
import type { GROUPS } from "@/lib/attribution/cost-summary";
import { pageCtx } from "@/lib/auth/page-ctx";
import { choiceOf, firstValue, type SearchParams } from "@/lib/http/page-params";
import { formatUsd, fromScaled, perThousand, toScaled } from "@/lib/decimal";
import { addDays, utcDay } from "@/lib/time";
import { PageHeader } from "../_components/not-built";
import { Segmented } from "../_components/segmented";
import { Tile } from "../_components/tile";
import { keyLabel } from "../_components/key-label";
import { StackedDailyBars } from "../_components/stacked-daily-bars";
import { UnitCostChart } from "./_charts/cost-charts";

export const metadata: Metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

const GROUP_LABELS: Record<keyof typeof GROUPS, string> = {
  feature: "Feature",
  team: "Team",
  env: "Environment",
  appService: "App service",
  service: "Cloud service",
  provider: "Provider",
  resource: "Resource",
};
const WINDOWS = { "30d": 30, "90d": 90 } as const;

type Props = { searchParams: Promise<SearchParams> };

export default async function CostsPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  // Unknown choices fall back to the defaults, as the page's own links never send them.
  const groupBy = choiceOf(GROUP_LABELS, search.groupBy, "feature");
  const metric = firstValue(search.metric) === "billed" ? "billed" : "effective";
  const window = choiceOf(WINDOWS, search.window, "30d");
  const to = addDays(utcDay(new Date()), 1);
  const from = addDays(to, -WINDOWS[window]);
  const view = await costExplorer(ctx, { from, to, groupBy, metric });
  const link = (changes: Record<string, string>) =>
    `/costs?${new URLSearchParams({ groupBy, metric, window, ...changes })}`;
  const total = toScaled(view.total);
  const unallocatedShare =
    total > 0n ? `${((Number(toScaled(view.unallocated)) / Number(total)) * 100).toFixed(1)}%` : "–";
  const withRequests = view.days.filter((day) => day.unitCost !== null);
  const breakdown = new Map<string, bigint>();
  for (const day of view.days)
    for (const [key, amount] of Object.entries(day.byKey))
      breakdown.set(key, (breakdown.get(key) ?? 0n) + toScaled(amount));
  return (
    <>
      <PageHeader title="Costs" subtitle={`Allocated ${metric} cost, ${from} to ${addDays(to, -1)} (UTC)`} />
      <section className="card">
        <div className="card-head">
          <Segmented
            label="Group by"
            options={Object.entries(GROUP_LABELS).map(([key, label]) => ({ key, label, href: link({ groupBy: key }) }))}
            current={groupBy}
          />
          <Segmented
            label="Metric"
            options={[
              { key: "effective", label: "Effective (amortized)", href: link({ metric: "effective" }) },
              { key: "billed", label: "Billed", href: link({ metric: "billed" }) },
            ]}
            current={metric}
          />
          <Segmented
            label="Window"
            options={Object.keys(WINDOWS).map((key) => ({ key, label: key, href: link({ window: key }) }))}
            current={window}
          />
          <span>
            <Link href="/costs/budgets">Budgets →</Link> · <Link href="/costs/inventory">Inventory →</Link> ·{" "}
            <Link href="/costs/imports">Imports →</Link>
          </span>
        </div>
      </section>
      <section className="tiles" aria-label="Key figures">
        <Tile
          label={`${metric === "billed" ? "Billed" : "Effective"} cost`}
          value={formatUsd(view.total, { cents: false })}
          testId="tile-total"
        />
        <Tile label="Average per day" value={formatUsd(fromScaled(total / BigInt(view.days.length || 1)))} />
        <Tile
          label="Unallocated"
          value={unallocatedShare}
          hint="No tag rule or telemetry explains it"
          testId="tile-unallocated"
        />
        <Tile label="Unit cost, last 7 days" value={unitCost(withRequests.slice(-7))} hint="per 1,000 requests" />
        <Tile
          label="Allocated"
          value={view.lastAllocatedAt ? view.lastAllocatedAt.slice(0, 16).replace("T", " ") : "not yet"}
          hint="UTC; the worker reallocates every 5 minutes"
        />
      </section>
      <section className="card" aria-labelledby="cost-title">
        <div className="card-head">
          <h2 id="cost-title">Daily spend by {GROUP_LABELS[groupBy].toLowerCase()}</h2>
          <span className="muted">{metric} cost, USD</span>
        </div>
        {total === 0n && view.days.every((day) => day.total === "0") ? (
          <p className="empty-note">
            No allocated spend in this window. Import a billing export on the Imports page, or wait for the worker's
            next allocation.
          </p>
        ) : (
          <StackedDailyBars
            days={view.days.map((day) => ({ day: day.day, amounts: day.byKey }))}
            keys={view.keys}
            testId="cost-chart"
          />
        )}
      </section>
      <div className="two-columns">
        <section className="card" aria-labelledby="movers-title">
          <div className="card-head">
            <h2 id="movers-title">Top movers</h2>
            <span className="muted">last 7 days against the 7 before</span>
          </div>
          <table className="table" data-testid="movers">
            <thead>
              <tr>
                <th>{GROUP_LABELS[groupBy]}</th>
                <th className="num">Week before</th>
                <th className="num">Last week</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {view.movers.map((mover) => (
                <tr key={mover.key}>
                  <td>{keyCell(groupBy, mover.key)}</td>
                  <td className="num">{formatUsd(mover.weekBefore)}</td>
                  <td className="num">{formatUsd(mover.lastWeek)}</td>
                  <td className={toScaled(mover.change) > 0n ? "num bad" : "num"}>
                    {toScaled(mover.change) > 0n ? "+" : ""}
                    {formatUsd(mover.change)}
                    {toScaled(mover.weekBefore) > 0n
                      ? ` (${((Number(toScaled(mover.change)) / Number(toScaled(mover.weekBefore))) * 100).toFixed(0)}%)`
                      : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="unit-title">
          <div className="card-head">
            <h2 id="unit-title">Unit cost</h2>
            <span className="muted">{metric} cost per 1,000 entry requests, all features</span>
          </div>
          {withRequests.length ? (
            <UnitCostChart days={view.days} />
          ) : (
            <p className="empty-note">No requests in the trace rollups for this window.</p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="breakdown-title">
        <div className="card-head">
          <h2 id="breakdown-title">By {GROUP_LABELS[groupBy].toLowerCase()}</h2>
          <span className="muted">
            the window's total, largest first
            {groupBy === "feature" ? "; open a feature for where its cost comes from" : ""}
          </span>
        </div>
        <table className="table" data-testid="cost-breakdown">
          <thead>
            <tr>
              <th>{GROUP_LABELS[groupBy]}</th>
              <th className="num">Cost</th>
              <th className="num">Share</th>
              {view.requestsByKey && <th className="num">Requests</th>}
              {view.requestsByKey && <th className="num">Per 1,000 requests</th>}
            </tr>
          </thead>
          <tbody>
            {[...breakdown.entries()]
              .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
              .map(([key, amount]) => (
                <tr key={key}>
                  <td>{keyCell(groupBy, key)}</td>
                  <td className="num">{formatUsd(fromScaled(amount))}</td>
                  <td className="num">
                    {total > 0n ? `${((Number(amount) / Number(total)) * 100).toFixed(1)}%` : "–"}
                  </td>
                  {view.requestsByKey && (
                    <td className="num">{(view.requestsByKey[key] ?? 0).toLocaleString("en-US")}</td>
                  )}
                  {view.requestsByKey && (
                    <td className="num">
                      {unitCost([{ total: fromScaled(amount), requests: view.requestsByKey[key] ?? 0 }])}
                    </td>
                  )}
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function keyCell(groupBy: string, key: string) {
  if (groupBy === "feature" && key !== UNALLOCATED && key !== "__other__")
    return (
      <Link href={`/costs/features/${encodeURIComponent(key)}`} className="strong">
        {key}
      </Link>
    );
  return <span className={key.startsWith("__") ? "muted" : undefined}>{keyLabel(key)}</span>;
}

function unitCost(days: { total: string; requests: number }[]): string {
  const perK = perThousand(
    days.reduce((sum, day) => sum + toScaled(day.total), 0n),
    days.reduce((sum, day) => sum + day.requests, 0),
  );
  return perK === null ? "–" : `$${Number(perK).toFixed(4)}`;
}
