import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { listServices } from "@/lib/services/list-services";
import { getSlo, type SloDetail } from "@/lib/slo/get-slo";
import { sloCost } from "@/lib/slo/slo-cost";
import { sloSeries } from "@/lib/slo/slo-series";
import { AskVigilCard } from "../../agent/ask-vigil-card";
import { orNotFound } from "../../_components/or-not-found";
import { Card } from "../../_components/card";
import { PageHeader } from "../../_components/not-built";
import { deliveryTimeline } from "../../services/[service]/delivery-timeline";
import { SloStatusBadge } from "../slo-badges";
import { alertSummary, formatMinute, formatSli, formatWindow } from "../slo-format";
import { AlertHistory } from "./alert-history";
import { AlertPairs, BurnRates } from "./burn-table";
import { SloActions } from "./slo-actions";
import { SloRunbooks } from "./slo-runbooks";
import { SloCharts } from "./slo-charts";
import { SloTiles } from "./slo-tiles";
import styles from "./slo-page.module.css";

export const metadata: Metadata = { title: "SLO" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The SLO as GET /api/v1/slos/{id} gives it, or the not-found page for an id that is no SLO. */
export default async function SloPage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  const slo = await orNotFound(getSlo(ctx, (await params).id));
  const { period, dataUntil } = slo.evaluation;
  const [from, to] = [new Date(period.from), new Date(dataUntil)];
  const editable = can(ctx.actor, "services:manage") && slo.sourceFile === null;
  const [series, cost, timeline, services] = await Promise.all([
    sloSeries(ctx, slo.id),
    sloCost(
      ctx,
      { id: slo.id, service: slo.service, objectivePercent: slo.definition.objectivePercent },
      slo.evaluation,
    ),
    deliveryTimeline(ctx, slo.service, from, to),
    editable ? listServices(ctx, { limit: 200 }) : null,
  ]);
  const d = slo.definition;
  return (
    <>
      <PageHeader
        title={d.displayName ?? d.name}
        subtitle={d.description ?? `${formatSli(d.sli)} of ${slo.service}'s entry spans`}
        back={{ href: "/slos", label: "← SLOs" }}
      />
      <section className="card" aria-label="The objective">
        <Facts slo={slo} />
        {slo.sourceFile && (
          <p className={styles.readOnly} data-testid="read-only">
            Defined in <code>{slo.sourceFile}</code>: read-only here; change it in the file.
          </p>
        )}
        {services && <SloActions id={slo.id} definition={d} services={services.items.map((s) => s.name)} />}
      </section>
      <SloTiles slo={slo} cost={cost} />
      <Card
        id="timeline-title"
        title="Over the window"
        note={`${formatMinute(period.from)} to ${formatMinute(dataUntil)}; dashed: deployments (${timeline.deploys.length}), shaded: incidents (${timeline.incidents.length})`}
      >
        <SloCharts
          points={series.points}
          objective={series.objective}
          domain={[Date.parse(period.from), Math.max(Date.parse(period.from) + 3_600_000, Date.parse(dataUntil))]}
          {...timeline}
        />
      </Card>
      <Card id="burn-title" title="Burn rates" note="1× spends the budget exactly over the window">
        <BurnRates slo={slo} />
        <AlertPairs slo={slo} />
      </Card>
      <Card id="history-title" title="Alert history" note="newest first, the last 50">
        <AlertHistory history={slo.history} />
      </Card>
      {slo.history[0] && <AskVigilCard ctx={ctx} subject={`slo-alert:${slo.history[0].id}`} />}
      <SloRunbooks ctx={ctx} sloId={slo.id} />
    </>
  );
}

/** What the SLO promises, over what, and how it stands. */
function Facts({ slo }: { slo: SloDetail }) {
  const d = slo.definition;
  const alert = alertSummary(slo.alerts);
  const scope = [
    d.operation && `operation ${d.operation}`,
    d.feature && `feature ${d.feature}`,
    d.environment && `environment ${d.environment}`,
  ];
  return (
    <dl className={styles.meta}>
      <div>
        <dt>Service</dt>
        <dd>
          <Link href={`/services/${encodeURIComponent(slo.service)}`}>{slo.service}</Link>
          {scope.some(Boolean) && <span className="muted"> · {scope.filter(Boolean).join(" · ")}</span>}
        </dd>
      </div>
      <div>
        <dt>SLI</dt>
        <dd>{formatSli(d.sli)}</dd>
      </div>
      <div>
        <dt>Objective</dt>
        <dd data-testid="slo-objective">{d.objectivePercent}%</dd>
      </div>
      <div>
        <dt>Window</dt>
        <dd>
          {formatWindow(d.window)}
          {d.budgetingMethod !== "Occurrences" && ` · ${d.budgetingMethod}, ${d.timeSlice?.windowMinutes} min slices`}
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          <SloStatusBadge status={slo.status} /> <span className="muted">· alerts: {alert.text}</span>
        </dd>
      </div>
      <div>
        <dt>Evaluated</dt>
        <dd>{formatMinute(slo.evaluatedAt)}</dd>
      </div>
    </dl>
  );
}
