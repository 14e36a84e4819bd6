import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { choiceOf, type SearchParams } from "@/lib/http/page-params";
import { listServiceRed, type ServiceRed } from "@/lib/traces/service-red";
import { DataTable } from "../_components/data-table";
import { PageHeader } from "../_components/not-built";
import { Sparkline } from "./_red/sparkline";
import { WindowTabs } from "./_red/red-table";
import { formatMs as ms, windowOf } from "./_red/windows";

export const metadata: Metadata = { title: "Services & SLOs" };
export const dynamic = "force-dynamic";

const SORTS: Record<string, { label: string; by: (a: ServiceRed, b: ServiceRed) => number }> = {
  requests: { label: "Requests", by: (a, b) => b.requests - a.requests },
  errors: { label: "Error rate", by: (a, b) => b.errorRate - a.errorRate },
  p50: { label: "p50", by: (a, b) => (b.p50Ms ?? -1) - (a.p50Ms ?? -1) },
  p95: { label: "p95", by: (a, b) => (b.p95Ms ?? -1) - (a.p95Ms ?? -1) },
  p99: { label: "p99", by: (a, b) => (b.p99Ms ?? -1) - (a.p99Ms ?? -1) },
  name: { label: "Service", by: (a, b) => a.service.localeCompare(b.service) },
};

type Props = { searchParams: Promise<SearchParams> };

export default async function ServicesPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const search = await searchParams;
  const { window, from, to } = windowOf(search.window);
  const sort = choiceOf(SORTS, search.sort, "requests");
  const red = await listServiceRed(ctx, { from: from.toISOString(), to: to.toISOString(), points: 48 });
  const items = [...red.items].sort(SORTS[sort].by);
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  const link = (changes: Record<string, string>) => `/services?${new URLSearchParams({ window, sort, ...changes })}`;
  return (
    <>
      <PageHeader
        title="Services & SLOs"
        subtitle="Requests, errors and latency of each service's entry spans, from per-minute rollups"
      />
      <section className="card">
        <div className="card-head">
          <Link href="/service-map">Service map →</Link>
          <WindowTabs current={window} href={(key) => link({ window: key })} />
          <span className="muted">
            {red.from.slice(0, 16).replace("T", " ")} to {red.to.slice(0, 16).replace("T", " ")} UTC
          </span>
        </div>
        {items.length === 0 ? (
          <p className="empty-note">
            No services yet. Point an OpenTelemetry SDK at the OTLP receiver (port 4318) with an ingest:traces key.
          </p>
        ) : (
          <ServiceTable items={items} sort={sort} window={window} minutes={minutes} link={link} />
        )}
      </section>
    </>
  );
}

function ServiceTable({
  items,
  sort,
  window,
  minutes,
  link,
}: {
  items: ServiceRed[];
  sort: string;
  window: string;
  minutes: number;
  link: (changes: Record<string, string>) => string;
}) {
  const sortable = (["name", "requests", "errors", "p50", "p95", "p99"] as const).map((key) => ({
    num: key !== "name",
    label: (
      <Link href={link({ sort: key })} className={sort === key ? "sort active" : "sort"}>
        {key === "requests" ? "Req/min" : SORTS[key].label}
        {sort === key ? " ↓" : ""}
      </Link>
    ),
  }));
  return (
    <DataTable
      testId="service-list"
      columns={[...sortable, `Last ${window}`]}
      items={items}
      row={(item) => <ServiceRow key={item.service} item={item} minutes={minutes} />}
    />
  );
}

function ServiceRow({ item, minutes }: { item: ServiceRed; minutes: number }) {
  return (
    <tr>
      <td>
        <Link href={`/services/${encodeURIComponent(item.service)}`} className="strong">
          {item.service}
        </Link>
        {item.team && <div className="muted small">{item.team}</div>}
      </td>
      <td className="num">{(item.requests / minutes).toFixed(item.requests / minutes < 10 ? 2 : 0)}</td>
      <td className={item.errorRate > 0.01 ? "num bad" : "num"}>
        {item.requests ? `${(item.errorRate * 100).toFixed(2)}%` : "–"}
      </td>
      <td className="num nowrap">{ms(item.p50Ms)}</td>
      <td className="num nowrap">{ms(item.p95Ms)}</td>
      <td className="num nowrap">{ms(item.p99Ms)}</td>
      <td className="spark-cell">
        {item.requests > 0 ? <Sparkline points={item.series} /> : <span className="muted small">no traffic</span>}
      </td>
    </tr>
  );
}
