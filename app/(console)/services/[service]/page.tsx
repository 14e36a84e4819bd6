import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { pathName, type SearchParams } from "@/lib/http/page-params";
import { type EdgeRed, getServiceDetail } from "@/lib/traces/service-detail";
import { PageHeader } from "../../_components/not-built";
import { RedTable, WindowTabs } from "../_red/red-table";
import { windowOf } from "../_red/windows";
import { RedCharts } from "./red-charts";

export const metadata: Metadata = { title: "Service" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ service: string }>; searchParams: Promise<SearchParams> };

export default async function ServicePage({ params, searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  // A name no service can have (bad encoding, NUL, too long) is a page that does not exist.
  const service = pathName((await params).service);
  if (service === null) notFound();
  const { window, from, to } = windowOf((await searchParams).window);
  const detail = await getServiceDetail(ctx, service, { from: from.toISOString(), to: to.toISOString(), points: 60 });
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  const base = `/services/${encodeURIComponent(service)}`;
  return (
    <>
      <PageHeader
        title={service}
        subtitle="Entry spans: requests, errors and latency, with its callers and what it calls"
      />
      <section className="card">
        <div className="card-head">
          <WindowTabs current={window} href={(key) => `${base}?window=${key}`} />
          <Link href={`/traces?service=${encodeURIComponent(service)}&range=${window === "7d" ? "7d" : window}`}>
            Traces of {service} →
          </Link>
        </div>
        <RedCharts series={detail.series} stepSeconds={detail.stepSeconds} />
      </section>
      <div className="two-columns">
        <TopOperations service={service} operations={detail.operations} minutes={minutes} />
        <Neighbours detail={detail} minutes={minutes} />
      </div>
    </>
  );
}

type Detail = Awaited<ReturnType<typeof getServiceDetail>>;

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
