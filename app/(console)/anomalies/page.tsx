import type { Metadata } from "next";
import { attentionOrder } from "@/lib/anomalies/attention-order";
import { listAnomalies } from "@/lib/anomalies/list-anomalies";
import { ANOMALY_STATUSES, SERIES_NAMES } from "@/lib/anomalies/schemas";
import { summarizeAnomalies } from "@/lib/anomalies/summarize-anomalies";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { SearchParams } from "@/lib/http/page-params";
import { Card } from "../_components/card";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { Tile } from "../_components/tile";
import { minuteText, SERIES_LABELS, STATUS_LABELS } from "./anomaly-format";
import { ForecastsLink } from "./forecasts/forecasts-link";
import { anomalyParams, anomalyQuery, PAGE_SIZE } from "./anomaly-params";
import { AnomalyTable } from "./anomaly-table";

export const metadata: Metadata = { title: "Anomalies" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

const FIELDS: FilterSpec[] = [
  {
    name: "status",
    label: "Status",
    options: [
      ["", "All"],
      ["active", "Needs someone"],
      ...ANOMALY_STATUSES.map((status) => [status, STATUS_LABELS[status]] as const),
    ],
  },
  { name: "service", label: "Service", placeholder: "any" },
  {
    name: "series",
    label: "Series",
    options: [["", "Any"], ...SERIES_NAMES.map((series) => [series, SERIES_LABELS[series]] as const)],
  },
];

function scanHint(scan: Awaited<ReturnType<typeof summarizeAnomalies>>["scan"]): string {
  if (!scan) return "not run yet";
  const step = scan.stepMs === 300_000 ? "5-minute" : "hourly";
  const learning = scan.learning ? `; ${scan.learning} still learning` : "";
  return `${scan.series} ${step} series${learning}`;
}

export default async function AnomaliesPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { input, problem, filters } = anomalyParams(await searchParams);
  const [summary, active, list] = await Promise.all([
    summarizeAnomalies(ctx),
    listAnomalies(ctx, { status: "active", limit: 200 }),
    input ? listAnomalies(ctx, input) : { items: [], nextCursor: null },
  ]);
  const { critical, warning, services, unassigned } = summary.active;
  return (
    <>
      <PageHeader
        title="Anomalies"
        subtitle="What is unusual in services' traffic against their own seasonal baseline, with what changed just before"
      />
      <ForecastsLink label="Forecasts and capacity warnings" />
      <section className="tiles" aria-label="Anomaly figures">
        <Tile label="Critical, needing someone" value={String(critical)} testId="anomalies-critical" />
        <Tile label="Warnings, needing someone" value={String(warning)} />
        <Tile label="Services affected" value={String(services)} />
        <Tile label="Unassigned" value={String(unassigned)} />
        <Tile
          label="Last scan"
          value={summary.scan ? minuteText(summary.scan.until).slice(11) : "—"}
          hint={scanHint(summary.scan)}
          muted={!summary.scan}
        />
      </section>
      <Card id="attention-title" title="Needs someone" note="critical first, then untouched, then by service">
        <AnomalyTable
          testId="anomalies-active"
          items={attentionOrder(active.items)}
          empty="Nothing unusual needs anyone now."
        />
      </Card>
      <Card id="all-title" title="All anomalies" note={`${PAGE_SIZE} a page, newest first`}>
        <FilterForm
          label="Filter anomalies"
          fields={FIELDS}
          values={filters as Record<string, string>}
          submitLabel="Filter"
          clearHref="/anomalies"
        />
        {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
        <AnomalyTable
          testId="anomalies-all"
          items={list.items}
          empty={problem ? "Correct the filter to see anomalies." : "No anomaly matches these filters."}
        />
        <OlderPage
          path="/anomalies"
          query={anomalyQuery(filters)}
          param="cursor"
          value={list.nextCursor}
          label="Older anomalies"
        />
      </Card>
    </>
  );
}
