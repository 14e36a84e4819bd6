import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { formatUsd } from "@/lib/decimal";
import { VigilError } from "@/lib/errors";
import { pathName, type SearchParams } from "@/lib/http/page-params";
import { serviceSpend } from "@/lib/services/service-spend";
import { addDays, completeDays } from "@/lib/time";
import { type EdgeRed, getServiceDetail } from "@/lib/traces/service-detail";
import { BudgetPolicyNotice } from "../../_components/budget-policy-notice";
import { PageHeader } from "../../_components/not-built";
import { Tile } from "../../_components/tile";
import { RedTable, WindowTabs } from "../_red/red-table";
import { formatMs, windowOf } from "../_red/windows";
import { DeliveryLists } from "../../delivery/delivery-lists";
import { deliveryTimeline } from "./delivery-timeline";
import { RedCharts } from "./red-charts";
import styles from "./service.module.css";

export const metadata: Metadata = { title: "Service" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ service: string }>; searchParams: Promise<SearchParams> };

export default async function ServicePage({ params, searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  // A name no service can have (bad encoding, NUL, too long) is a page that does not exist.
  const service = pathName((await params).service);
  if (service === null) notFound();
  const search = await searchParams;
  const { window, from, to } = windowOf(search.window);
  const detail = await readDetail(ctx, service, { from: from.toISOString(), to: to.toISOString(), points: 60 });
  const timeline = await deliveryTimeline(ctx, service, from, to);
  // The Costs page's window and metric, so this figure is that page's row for the service.
  const spend = await serviceSpend(ctx, { service, ...completeDays(30), metric: "effective" });
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  const base = `/services/${encodeURIComponent(service)}`;
  return (
    <>
      <PageHeader
        title={service}
        subtitle="Entry spans: requests, errors and latency, with its callers and what it calls"
      />
      <BudgetPolicyNotice ctx={ctx} services={[service]} />
      <section className="card">
        <div className="card-head">
          <WindowTabs current={window} href={(key) => `${base}?window=${key}`} />
          <Link href={`/traces?service=${encodeURIComponent(service)}&range=${window === "7d" ? "7d" : window}`}>
            Traces of {service} →
          </Link>
          <Link href="/costs?groupBy=appService&window=30d">Costs by app service →</Link>
        </div>
        <SummaryTiles detail={detail} spend={spend} minutes={minutes} window={window} />
        <RedCharts
          series={detail.series}
          stepSeconds={detail.stepSeconds}
          window={[from.getTime(), to.getTime()]}
          {...timeline}
        />
        <p className="muted small">
          Dashed flags: production deployments ({timeline.deploys.length}); shaded: incidents (
          {timeline.incidents.length}). Hover one for what shipped or what broke.
        </p>
      </section>
      <div className={styles.columns}>
        <TopOperations service={service} operations={detail.operations} minutes={minutes} />
        <Neighbours detail={detail} minutes={minutes} />
      </div>
      <DeliveryLists ctx={ctx} path={base} search={search} keep={{ window }} service={service} />
    </>
  );
}

type Detail = Awaited<ReturnType<typeof getServiceDetail>>;
type Spend = Awaited<ReturnType<typeof serviceSpend>>;

/** The service's detail, or the not-found page for a service Vigil has never heard of. */
async function readDetail(...args: Parameters<typeof getServiceDetail>): Promise<Detail> {
  try {
    return await getServiceDetail(...args);
  } catch (err) {
    if (err instanceof VigilError && err.code === "not_found") notFound();
    throw err;
  }
}

/** Its RED over the window beside what it cost over the Costs page's last 30 complete days. */
function SummaryTiles({
  detail,
  spend,
  minutes,
  window,
}: {
  detail: Detail;
  spend: Spend;
  minutes: number;
  window: string;
}) {
  const { requests, errors, p95Ms } = detail.summary;
  return (
    <div className={`tiles ${styles.tiles}`} data-testid="service-tiles">
      <Tile label={`Requests / min, last ${window}`} value={(requests / minutes).toFixed(2)} />
      <Tile
        label={`Error rate, last ${window}`}
        value={requests ? `${((errors / requests) * 100).toFixed(2)}%` : "–"}
      />
      <Tile label={`p95, last ${window}`} value={formatMs(p95Ms)} />
      <Tile
        label="Spend, last 30 days"
        value={formatUsd(spend.cost)}
        hint={`${spend.metric} cost allocated to it, ${spend.from} to ${addDays(spend.to, -1)} (UTC)`}
        testId="service-spend"
      />
    </div>
  );
}

function TopOperations({
  service,
  operations,
  minutes,
}: {
  service: string;
  operations: Detail["operations"];
  minutes: number;
}) {
  return (
    <section className="card">
      <h2>Top operations</h2>
      {operations.length === 0 ? (
        <p className="empty-note">No requests in this window.</p>
      ) : (
        <RedTable
          testId="operations"
          nameLabel="Operation"
          rateLabel="Req/min"
          mono
          minutes={minutes}
          rows={operations.map((op) => ({
            name: op.operation,
            href: `/traces?service=${encodeURIComponent(service)}&operation=${encodeURIComponent(op.operation)}`,
            count: op.requests,
            errors: op.errors,
            p95Ms: op.p95Ms,
          }))}
        />
      )}
    </section>
  );
}

/** Who calls the service and what it calls. */
function Neighbours({ detail, minutes }: { detail: Detail; minutes: number }) {
  return (
    <section className="card">
      <h2>Called by</h2>
      <Edges
        edges={detail.upstream}
        minutes={minutes}
        empty="Nothing calls it in this window (or its callers send no traces)."
        testId="upstream"
      />
      <h2>Calls</h2>
      <Edges
        edges={detail.downstream}
        minutes={minutes}
        empty="It calls no other traced service."
        testId="downstream"
      />
    </section>
  );
}

function Edges({
  edges,
  minutes,
  empty,
  testId,
}: {
  edges: EdgeRed[];
  minutes: number;
  empty: string;
  testId: string;
}) {
  if (edges.length === 0) return <p className="empty-note">{empty}</p>;
  const rows = edges.map((edge) => ({
    name: edge.service,
    href: `/services/${encodeURIComponent(edge.service)}`,
    count: edge.calls,
    errors: edge.errors,
    p95Ms: edge.p95Ms,
  }));
  return <RedTable testId={testId} nameLabel="Service" rateLabel="Calls/min" minutes={minutes} rows={rows} />;
}
