import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { featureCosts } from "@/lib/attribution/feature-costs";
import { pageCtx } from "@/lib/auth/page-ctx";
import { pathName } from "@/lib/http/page-params";
import { formatUsd } from "@/lib/decimal";
import { addDays, utcDay } from "@/lib/time";
import { PageHeader } from "../../../_components/not-built";
import { Tile } from "../../../_components/tile";
import { FeatureChart } from "./feature-chart";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ feature: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const feature = pathName((await params).feature);
  return { title: feature === null ? "Not found" : `Feature ${feature}` };
}

export default async function FeaturePage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  // A key no feature can have (bad encoding, NUL, too long) is a page that does not exist.
  const feature = pathName((await params).feature);
  if (feature === null) notFound();
  const today = utcDay(new Date());
  const view = await featureCosts(ctx, feature, { from: addDays(today, -30), to: addDays(today, 1) }, today);
  return (
    <>
      <PageHeader
        title={view.name ? `${view.name}` : feature}
        subtitle={`Feature ${feature}${view.team ? ` · team ${view.team}` : ""} · effective cost, ${view.from} to ${addDays(view.to, -1)} (UTC)`}
      />
      <p>
        <Link href="/costs?groupBy=feature">← All features</Link>
      </p>
      <section className="tiles" aria-label="Key figures">
        <Tile label="Cost, 30 days" value={formatUsd(view.cost)} testId="feature-cost" />
        <Tile label="Requests" value={view.requests.toLocaleString("en-US")} hint="entry spans with this feature" />
        <Tile
          label="Unit cost"
          value={view.unitCost ? `$${Number(view.unitCost).toFixed(4)}` : "–"}
          hint="per 1,000 requests"
          testId="feature-unit-cost"
        />
        <Tile
          label={view.forecast ? `Forecast, ${view.forecast.month}` : "Forecast"}
          value={view.forecast ? formatUsd(view.forecast.projected) : "–"}
          hint={view.forecast ? `so far ${formatUsd(view.forecast.monthToDate)}` : "no spend yet this month"}
          testId="feature-forecast"
        />
      </section>
      {view.forecast && (
        <p className="muted small" data-testid="forecast-method">
          Forecast method: {view.forecast.method}.
        </p>
      )}
      <section className="card" aria-labelledby="daily-title">
        <div className="card-head">
          <h2 id="daily-title">Cost and requests per day</h2>
          <span className="muted">bars: effective cost (USD); line: requests</span>
        </div>
        <FeatureChart days={view.days} />
      </section>
      <section className="card" aria-labelledby="sources-title">
        <div className="card-head">
          <h2 id="sources-title">Where the cost comes from</h2>
          <span className="muted">each resource and the rule or split that gave it to this feature</span>
        </div>
        {view.sources.length === 0 ? (
          <p className="empty-note">No cost allocated to this feature in the window.</p>
        ) : (
          <table className="table" data-testid="feature-sources">
            <thead>
              <tr>
                <th>Resource</th>
                <th>Cloud service</th>
                <th>How</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {view.sources.map((source) => (
                <tr
                  key={`${source.providerName}|${source.serviceName}|${source.resourceId}|${source.appService}|${source.method}`}
                >
                  <td className="summary-cell mono">
                    {source.resourceId || <span className="muted">no resource id</span>}
                  </td>
                  <td>
                    {source.serviceName}
                    <div className="muted small">{source.providerName}</div>
                  </td>
                  <td>
                    <span className={`pill method-${source.method}`}>
                      {source.method === "telemetry"
                        ? "split by telemetry"
                        : source.method === "tag"
                          ? "tag rule"
                          : "unallocated"}
                    </span>
                    <div className="muted small">{source.explanation}</div>
                  </td>
                  <td className="num">{formatUsd(source.cost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
