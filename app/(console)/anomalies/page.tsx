import type { Metadata } from "next";
import Link from "next/link";
import { attentionOrder } from "@/lib/anomalies/attention-order";
import { listAnomalies } from "@/lib/anomalies/list-anomalies";
import { ANOMALY_STATUSES, SERIES_NAMES } from "@/lib/anomalies/schemas";
import { summarizeAnomalies } from "@/lib/anomalies/summarize-anomalies";
import { listWatchedMetrics } from "@/lib/anomalies/watch-metric";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import type { SearchParams } from "@/lib/http/page-params";
import { Card } from "../_components/card";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { Tile } from "../_components/tile";
import { minuteText, SERIES_LABELS, STATUS_LABELS } from "./anomaly-format";
import { anomalyParams, anomalyQuery, PAGE_SIZE } from "./anomaly-params";
import { AnomalyTable } from "./anomaly-table";
import { WatchedMetrics } from "./watched-metrics";

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

function AnomalyTiles({ summary }: { summary: Awaited<ReturnType<typeof summarizeAnomalies>> }) {
  const { critical, warning, services, unassigned } = summary.active;
  return (
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
  );
}

/** The page's title, with the way to the runbooks its anomalies can run. */
function AnomaliesHeader() {
  return (
    <PageHeader
      title="Anomalies"
      subtitle="What is unusual in services' traffic, cost and watched metrics against their own seasonal baseline, with what changed just before"
      actions={
        <>
          <Link href="/anomalies/forecasts" className="button">
            Forecasts
          </Link>
          <Link href="/anomalies/runbooks" className="button">
            Runbooks
          </Link>
        </>
      }
    />
  );
}

export default async function AnomaliesPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { input, problem, filters } = anomalyParams(await searchParams);
  const [summary, active, list, metrics] = await Promise.all([
    summarizeAnomalies(ctx),
    listAnomalies(ctx, { status: "active", limit: 200 }),
    input ? listAnomalies(ctx, input) : { items: [], nextCursor: null },
    listWatchedMetrics(ctx),
  ]);
  return (
    <>
      <AnomaliesHeader />
      <AnomalyTiles summary={summary} />
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
      <Card
        id="metrics-title"
        title="Watched metrics"
        note={`OTLP metrics scanned per service, at most ${metrics.limit}; a counter as its increase, others as their mean`}
      >
        <WatchedMetrics
          items={metrics.items}
          unwatched={metrics.unwatched}
          canChange={can(ctx.actor, "anomalies:triage")}
        />
      </Card>
    </>
  );
}
