import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { getDrift } from "@/lib/drift/get-drift";
import { AskVigilCard } from "../../agent/ask-vigil-card";
import { orNotFound } from "../../_components/or-not-found";
import { Card } from "../../_components/card";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import { PageHeader } from "../../_components/not-built";
import { CAUSE_LABELS, KIND_LABELS, shown } from "../drift-params";
import { costText, policyText } from "../drift-table";
import styles from "../drift.module.css";
import { CauseEvidence, TraceImpact } from "./drift-evidence";

export const metadata: Metadata = { title: "Drift" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

type Drift = Awaited<ReturnType<typeof getDrift>>;

function Facts({ drift }: { drift: Drift }) {
  return (
    <dl className="facts">
      <dt>Workspace</dt>
      <dd>{drift.workspace}</dd>
      <dt>Kind</dt>
      <dd>{KIND_LABELS[drift.kind]}</dd>
      <dt>Status</dt>
      <dd>{drift.status === "open" ? "Open" : `Resolved ${drift.resolvedAt?.slice(0, 16).replace("T", " ")}`}</dd>
      <dt>Cause</dt>
      <dd data-testid="drift-cause">{CAUSE_LABELS[drift.cause]}</dd>
      <dt>Cloud id</dt>
      <dd>{drift.cloudId ?? "—"}</dd>
      <dt>First seen</dt>
      <dd>{drift.firstSeen.slice(0, 16).replace("T", " ")}</dd>
      <dt>Last seen</dt>
      <dd>{drift.lastSeen.slice(0, 16).replace("T", " ")}</dd>
      <dt>Cost impact</dt>
      <dd>{costText(drift)}</dd>
      <dt>Breaks policy</dt>
      <dd data-testid="drift-policy" className={drift.policyImpact?.length ? styles.breaksText : undefined}>
        {drift.policyImpact === null
          ? "not evaluated (the file gave no after-values)"
          : policyText(drift) || "no rule it did not break before"}
      </dd>
      <dt>Pending change</dt>
      <dd>
        {drift.pendingChange
          ? `${drift.pendingChange.replace ? "replace" : drift.pendingChange.actions.join(", ")} since ${drift.pendingChange.firstSeen.slice(0, 10)}`
          : "none"}
      </dd>
    </dl>
  );
}

function Timeline({ drift }: { drift: Drift }) {
  return (
    <Card id="timeline-title" title="Timeline" note="this resource in this workspace, oldest first">
      <DataTable
        testId="drift-timeline"
        stacked
        columns={["When", "Event", "From", "Changes"]}
        items={drift.timeline}
        empty="No events."
        row={(event) => (
          <tr key={event.id}>
            <Cell label="When">{event.at.slice(0, 16).replace("T", " ")}</Cell>
            <Cell label="Event">{event.event}</Cell>
            <Cell label="From">{event.format}</Cell>
            <Cell label="Changes" className={styles.diff}>
              {(event.changes as { path: string; before: unknown; after: unknown }[])
                .slice(0, 3)
                .map((change) => `${change.path}: ${shown(change.before)} → ${shown(change.after)}`)
                .join("; ") || "—"}
            </Cell>
          </tr>
        )}
      />
    </Card>
  );
}

export default async function DriftDetailPage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  const drift = await orNotFound(getDrift(ctx, (await params).id));
  return (
    <>
      <PageHeader title={drift.address} subtitle={`${KIND_LABELS[drift.kind]} in workspace ${drift.workspace}`} />
      <p>
        <Link href="/drift">← All drift</Link>
      </p>
      <Card id="facts-title" title="What drifted">
        <Facts drift={drift} />
      </Card>
      <AskVigilCard ctx={ctx} subject={`drift:${drift.id}`} />
      <Card id="diff-title" title="Attribute diff" note="Terraform state (before) against the live resource (after)">
        <DataTable
          testId="drift-diff"
          stacked
          columns={["Attribute", "Before", "After"]}
          items={drift.changes}
          empty={
            drift.kind === "changed"
              ? "No attribute values in this file (the plan stream carries none)."
              : KIND_LABELS[drift.kind]
          }
          row={(change) => (
            <tr key={change.path}>
              <Cell label="Attribute" className={styles.diff}>
                {change.path}
              </Cell>
              <Cell label="Before" className={`${styles.diff} ${styles.before}`}>
                {shown(change.before)}
              </Cell>
              <Cell label="After" className={`${styles.diff} ${styles.after}`}>
                {shown(change.after)}
              </Cell>
            </tr>
          )}
        />
      </Card>
      <Timeline drift={drift} />
      <CauseEvidence drift={drift} />
      <TraceImpact drift={drift} />
    </>
  );
}
