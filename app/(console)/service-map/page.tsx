import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { SearchParams } from "@/lib/http/page-params";
import { HEALTH_THRESHOLDS, serviceHealth } from "@/lib/services/service-health";
import { getServiceMap } from "@/lib/traces/service-detail";
import { DataTable, num } from "../_components/data-table";
import { PageHeader } from "../_components/not-built";
import { WindowTabs } from "../services/_red/red-table";
import { formatMs, windowOf } from "../services/_red/windows";
import { type HealthyNode, ServiceMapDrawing } from "./service-map";
import styles from "./service-map.module.css";

export const metadata: Metadata = { title: "Service map" };
export const dynamic = "force-dynamic";

const { errorRate, p95Ms } = HEALTH_THRESHOLDS;
const pct = (share: number) => `${share * 100}%`;
const LEGEND = [
  ["ok", `Healthy: errors under ${pct(errorRate.warn)} and p95 under ${formatMs(p95Ms.warn)}`],
  ["warn", `Degraded: errors from ${pct(errorRate.warn)} or p95 from ${formatMs(p95Ms.warn)}`],
  ["bad", `Unhealthy: errors from ${pct(errorRate.bad)} or p95 from ${formatMs(p95Ms.bad)}`],
  ["idle", "No entry requests in the window"],
] as const;
const HEALTH_WORDS = { ok: "healthy", warn: "degraded", bad: "unhealthy", idle: "no requests" };

export default async function ServiceMapPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await pageCtx("read");
  const { window, from, to } = windowOf((await searchParams).window, "1h");
  const map = await getServiceMap(ctx, { from: from.toISOString(), to: to.toISOString() });
  const minutes = (to.getTime() - from.getTime()) / 60_000;
  const nodes: HealthyNode[] = map.nodes
    .map((node) => ({ ...node, health: serviceHealth(node) }))
    .sort((a, b) => b.requests - a.requests || a.service.localeCompare(b.service));
  return (
    <>
      <PageHeader
        title="Service map"
        subtitle="Which service calls which, from traces: a node's colour is its health, an edge's width its calls per minute"
      />
      <section className="card">
        <div className="card-head">
          <WindowTabs current={window} href={(key) => `/service-map?window=${key}`} />
          <span className="muted">
            {nodes.length} services · {map.edges.length} edges
          </span>
        </div>
        {nodes.length === 0 ? (
          <p className="empty-note">No traced services in this window.</p>
        ) : (
          <div className={styles.scroller}>
            <ServiceMapDrawing nodes={nodes} edges={map.edges} minutes={minutes} />
          </div>
        )}
        <ul className={styles.legend} data-testid="map-legend">
          {LEGEND.map(([health, text]) => (
            <li key={health} className={styles[health]}>
              <span className={styles.swatch} />
              <span>{text}</span>
            </li>
          ))}
          <li>Edges: grey under 1% failed calls, amber from 1%, red from 5%; hover one for its rate.</li>
        </ul>
      </section>
      <section className="card" aria-label="Service health">
        <NodeTable nodes={nodes} minutes={minutes} />
      </section>
    </>
  );
}

function NodeTable({ nodes, minutes }: { nodes: HealthyNode[]; minutes: number }) {
  return (
    <DataTable
      testId="map-services"
      columns={["Service", "Health", num("Req/min"), num("Errors"), num("p95")]}
      items={nodes}
      row={(node) => (
        <tr key={node.service}>
          <td className={styles.name}>
            <Link href={`/services/${encodeURIComponent(node.service)}`}>{node.service}</Link>
          </td>
          <td className={`${styles[node.health]} nowrap`}>
            <span className={styles.swatch} style={{ display: "inline-block", verticalAlign: "-1px" }} />{" "}
            {HEALTH_WORDS[node.health]}
          </td>
          <td className="num">{(node.requests / minutes).toFixed(2)}</td>
          <td className="num">{node.requests ? `${((node.errors / node.requests) * 100).toFixed(2)}%` : "–"}</td>
          <td className="num">{formatMs(node.p95Ms)}</td>
        </tr>
      )}
    />
  );
}
