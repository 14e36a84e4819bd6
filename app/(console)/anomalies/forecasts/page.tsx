import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { formatUsd } from "@/lib/decimal";
import { forecastFeatures } from "@/lib/forecasts/forecast-features";
import { forecastServices } from "@/lib/forecasts/forecast-services";
import { listCapacityWarnings } from "@/lib/forecasts/list-capacity-warnings";
import { listForecastKeys } from "@/lib/forecasts/list-forecast-keys";
import type { FeatureForecast, ServiceForecast } from "@/lib/forecasts/schemas";
import type { SearchParams } from "@/lib/http/page-params";
import { Card } from "../../_components/card";
import { FilterForm, Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { CapacityTable } from "./capacity-table";
import { CostForecastChart, RequestForecastChart } from "./forecast-charts";
import { forecastParams, pickFields } from "./forecast-params";
import { HeadroomTable } from "./headroom-table";

export const metadata: Metadata = { title: "Forecasts" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

export default async function ForecastsPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { values, problem } = forecastParams(await searchParams);
  const [keys, capacity] = await Promise.all([listForecastKeys(ctx), listCapacityWarnings(ctx)]);
  const first = capacity.items[0] ?? capacity.nearest[0] ?? keys.services[0];
  const service = values.service ?? first?.service;
  const environment = values.service ? values.environment : (values.environment ?? first?.environment);
  const feature = values.feature ?? keys.features[0];
  const [services, features] = await Promise.all([
    service ? forecastServices(ctx, { service, environment, limit: 1 }) : null,
    feature ? forecastFeatures(ctx, { feature, limit: 1 }) : null,
  ]);
  return (
    <>
      <PageHeader
        title="Forecasts"
        subtitle="Request rates and feature costs 14 days ahead, from the seasonal model the anomaly scan uses"
      />
      <p className="muted small">
        <Link href="/anomalies">← Anomalies</Link> · <Link href="/costs/budgets">Budgets</Link> (month-end projections
        use the same model)
      </p>
      <Card
        id="capacity-title"
        title="Capacity warnings"
        note={`forecast past the highest hour of the last 30 days by ${capacity.marginPercent}% (set by an admin); ${capacity.checked} checked`}
      >
        <CapacityTable warnings={capacity.items} />
        <h3 className="small">Nearest their 30-day high</h3>
        <HeadroomTable items={capacity.nearest} marginPercent={capacity.marginPercent} />
      </Card>
      <FilterForm
        label="Choose what to forecast"
        fields={pickFields(keys)}
        values={{ service: service ?? "", environment: environment ?? "", feature: feature ?? "" }}
        submitLabel="Show"
        clearHref="/anomalies/forecasts"
      />
      {problem && <Problem>{problem}</Problem>}
      <ServiceCard service={service} forecast={services?.items[0]} />
      <FeatureCard feature={feature} forecast={features?.items[0]} />
    </>
  );
}

function serviceNote(forecast: ServiceForecast | undefined): string | undefined {
  if (!forecast) return undefined;
  if (forecast.state === "learning")
    return `${forecast.environment || "no environment"} · learning: a week of traffic is needed`;
  const trend = `${forecast.trendPerDay >= 0 ? "+" : ""}${(forecast.trendPerDay * 100).toFixed(1)}% a day`;
  return `${forecast.environment || "no environment"} · trend ${trend} · 30-day high ${Math.round(forecast.highest).toLocaleString("en-US")}/h`;
}

function featureNote(forecast: FeatureForecast | undefined): string | undefined {
  if (!forecast) return undefined;
  if (!forecast.total) return "learning: two weeks of cost are needed";
  const money = (amount: string) => formatUsd(amount, { currency: forecast.currency });
  const grouping = forecast.weekly === "day-of-week" ? "by day of week" : "weekdays against weekends";
  return `next 14 days ${money(forecast.total.expected)} (95%: ${money(forecast.total.lower95)} – ${money(forecast.total.upper95)}) · ${grouping}`;
}

function ServiceCard({ service, forecast }: { service: string | undefined; forecast: ServiceForecast | undefined }) {
  return (
    <Card
      id="service-forecast-title"
      title={service ? `Requests: ${service}` : "Requests"}
      note={serviceNote(forecast)}
    >
      {forecast ? (
        <RequestForecastChart forecast={forecast} />
      ) : (
        <p className="empty-note">No traffic in the last 30 days{service ? ` for ${service}` : ""}.</p>
      )}
    </Card>
  );
}

function FeatureCard({ feature, forecast }: { feature: string | undefined; forecast: FeatureForecast | undefined }) {
  return (
    <Card
      id="feature-forecast-title"
      title={feature ? `Cost: ${feature}` : "Feature cost"}
      note={featureNote(forecast)}
    >
      {forecast ? (
        <CostForecastChart forecast={forecast} />
      ) : (
        <p className="empty-note">No allocated cost in the last 8 weeks{feature ? ` for ${feature}` : ""}.</p>
      )}
    </Card>
  );
}
