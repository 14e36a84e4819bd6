import type { Metadata } from "next";
import Link from "next/link";
import { type AnomalyDetail, getAnomaly } from "@/lib/anomalies/get-anomaly";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { AskVigilCard } from "../../agent/ask-vigil-card";
import { orNotFound } from "../../_components/or-not-found";
import { Card } from "../../_components/card";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import { PageHeader } from "../../_components/not-built";
import { CHANGE_LABELS, minuteText, STATUS_LABELS, valueText, whatText } from "../anomaly-format";
import { AnomalyTable } from "../anomaly-table";
import styles from "../anomalies.module.css";
import { AnomalyRunbooks } from "./anomaly-runbooks";
import { BandChart } from "./band-chart";
import { SensitivityForm } from "./sensitivity-form";
import { TriageForm } from "./triage-form";

export const metadata: Metadata = { title: "Anomaly" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

function Facts({ anomaly }: { anomaly: AnomalyDetail }) {
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd data-testid="anomaly-status">
        {STATUS_LABELS[anomaly.status]}
        {anomaly.assignee ? `, with ${anomaly.assignee}` : ", unassigned"}
      </dd>
      <dt>Severity</dt>
      <dd>
        <span className={anomaly.severity === "critical" ? styles.critical : styles.warning}>{anomaly.severity}</span>{" "}
        (peak score {anomaly.score})
      </dd>
      <dt>Episode</dt>
      <dd>
        {minuteText(anomaly.start)} to {anomaly.end ? minuteText(anomaly.end) : "now (ongoing)"} UTC, peak at{" "}
        {minuteText(anomaly.peak).slice(11)}
      </dd>
      <dt>At the peak</dt>
      <dd>
        {valueText(anomaly.series, anomaly.observed)} where {valueText(anomaly.series, anomaly.expected)} was expected
      </dd>
      <dt>Environment</dt>
      <dd>{anomaly.environment || "—"}</dd>
      {anomaly.incidentId && (
        <>
          <dt>Incident</dt>
          <dd>recorded for delivery metrics (MTTR), #{anomaly.incidentId}</dd>
        </>
      )}
    </dl>
  );
}

function Changes({ anomaly }: { anomaly: AnomalyDetail }) {
  return (
    <Card id="changes-title" title="What changed" note="ranked by how strongly each ties to the episode">
      {anomaly.changes.length === 0 ? (
        <p className="empty-note">No deploy, drift, cost change or unusual dependency found before it.</p>
      ) : (
        <ol className={styles.changes} data-testid="anomaly-changes">
          {anomaly.changes.map((change) => (
            <li key={`${change.kind}-${change.rank}`}>
              <span>{change.rank}</span>
              <span className={styles.kind}>{CHANGE_LABELS[change.kind] ?? change.kind}</span>
              <span>{change.href ? <Link href={change.href}>{change.summary}</Link> : change.summary}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function History({ anomaly }: { anomaly: AnomalyDetail }) {
  return (
    <Card id="history-title" title="Triage history" note="oldest first; each step is also in the audit trail">
      <DataTable
        testId="anomaly-history"
        stacked
        columns={["When", "Who", "Change", "Note"]}
        items={anomaly.notes}
        empty="Nobody has triaged it yet."
        row={(note) => (
          <tr key={note.id}>
            <Cell label="When">{minuteText(note.at)}</Cell>
            <Cell label="Who">{note.actor}</Cell>
            <Cell label="Change">
              {[
                note.statusTo &&
                  `${STATUS_LABELS[note.statusFrom ?? ""] ?? note.statusFrom} → ${STATUS_LABELS[note.statusTo]}`,
                note.assignee && `assigned to ${note.assignee}`,
              ]
                .filter(Boolean)
                .join("; ") || "—"}
            </Cell>
            <Cell label="Note" className={styles.change}>
              {note.comment ?? ""}
              {note.traceId && (
                <>
                  {note.comment ? " " : ""}
                  <Link href={`/traces/${note.traceId}`}>trace {note.traceId.slice(0, 8)}…</Link>
                </>
              )}
            </Cell>
          </tr>
        )}
      />
    </Card>
  );
}

/** The series against the band the scan judged it by, the episode shaded. */
function Baseline({ anomaly }: { anomaly: AnomalyDetail }) {
  if (anomaly.band.length === 0) return null;
  const start = Date.parse(anomaly.start);
  const end = anomaly.end ? Date.parse(anomaly.end) : Date.parse(anomaly.band.at(-1)?.t ?? anomaly.start);
  const around = anomaly.series === "cost" ? "four weeks before to a week after" : "a day before to six hours after";
  return (
    <Card id="chart-title" title="Against its baseline" note={`${around}; the episode shaded`}>
      <BandChart series={anomaly.series} points={anomaly.band} episode={{ start, end }} />
    </Card>
  );
}

export default async function AnomalyPage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  const anomaly = await orNotFound(getAnomaly(ctx, (await params).id));
  return (
    <>
      <PageHeader
        title={`${anomaly.service}: ${whatText(anomaly).replace(/^./, (c) => c.toLowerCase())}`}
        subtitle={`since ${minuteText(anomaly.start)} UTC`}
      />
      <p>
        <Link href="/anomalies">← All anomalies</Link>
      </p>
      <Card id="facts-title" title="The episode">
        <Facts anomaly={anomaly} />
      </Card>
      <Baseline anomaly={anomaly} />
      <Changes anomaly={anomaly} />
      <AskVigilCard ctx={ctx} subject={`anomaly:${anomaly.id}`} />
      {can(ctx.actor, "anomalies:triage") && (
        <Card id="triage-title" title="Triage">
          <TriageForm id={anomaly.id} status={anomaly.status} assignee={anomaly.assignee} />
        </Card>
      )}
      <AnomalyRunbooks ctx={ctx} anomalyId={anomaly.id} />
      <History anomaly={anomaly} />
      {can(ctx.actor, "anomalies:triage") && (
        <Card
          id="sensitivity-title"
          title="Sensitivity"
          note={`how readily ${anomaly.service}'s ${anomaly.series} series is flagged`}
        >
          <SensitivityForm service={anomaly.service} series={anomaly.series} level={anomaly.sensitivity} />
        </Card>
      )}
      <Card id="similar-title" title="Earlier episodes" note={`${anomaly.service}'s earlier anomalies of this series`}>
        <AnomalyTable testId="anomaly-similar" items={anomaly.similar} empty="None before this one." />
      </Card>
    </>
  );
}
