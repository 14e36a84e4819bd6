import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { featureCosts } from "@/lib/attribution/feature-costs";
import { pageCtx } from "@/lib/auth/page-ctx";
import { pathName } from "@/lib/http/page-params";
import { addDays, completeDays, utcDay } from "@/lib/time";
import { Card } from "../../../_components/card";
import { PageHeader } from "../../../_components/not-built";
import { FeatureChart } from "./feature-chart";
import { FeatureSources } from "./feature-sources";
import { FeatureTiles } from "./feature-tiles";

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
  const view = await featureCosts(ctx, feature, completeDays(30, today), today);
  // A feature no registration, allocation or telemetry has named is a page that does not exist.
  if (view === null) notFound();
  return (
    <>
      <PageHeader
        title={view.name ? `${view.name}` : feature}
        subtitle={`Feature ${feature}${view.team ? ` · team ${view.team}` : ""} · effective cost, ${view.from} to ${addDays(view.to, -1)} (UTC)`}
        back={{ href: "/costs?groupBy=feature", label: "← All features" }}
      />
      <FeatureTiles view={view} />
      {view.forecast && (
        <p className="muted small" data-testid="forecast-method">
          Forecast method: {view.forecast.method}.
        </p>
      )}
      <Card id="daily-title" title="Cost and requests per day" note="bars: effective cost (USD); line: requests">
        <FeatureChart days={view.days} />
      </Card>
      <Card
        id="sources-title"
        title="Where the cost comes from"
        note="each resource and the rule or split that gave it to this feature"
      >
        <FeatureSources sources={view.sources} />
      </Card>
    </>
  );
}
