import type { FindingView } from "@/lib/policy/finding-records";
import { type Actor, can } from "@/lib/context";
import { AskVigil } from "../agent/ask-vigil";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./compliance.module.css";
import { WaiverForm } from "./waiver-form";

const lines = (f: FindingView) =>
  f.file ? `${f.file}${f.lineStart === null ? "" : `:${f.lineStart}-${f.lineEnd ?? f.lineStart}`}` : f.source;

/** Findings with what an auditor asks: the evidence, the remediation and the controls. */
export function FindingsTable({
  items,
  testId = "findings-table",
  canWaive = false,
  actor,
}: {
  items: FindingView[];
  testId?: string;
  /** Whether the viewer may waive (costs:manage): an open finding then carries the waiver form. */
  canWaive?: boolean;
  /** Who is looking: when they may run the agent, each finding carries Ask Vigil. */
  actor?: Actor;
}) {
  const canAsk = actor ? can(actor, "agent:run") : false;
  return (
    <DataTable
      testId={testId}
      stacked
      columns={["Severity", "Rule", "Resource", "Where", "Status", "Evidence and remediation"]}
      items={items}
      empty="No findings match."
      row={(f) => (
        <tr key={f.id}>
          <Cell label="Severity">{f.severity}</Cell>
          <Cell label="Rule" title={f.ruleId}>
            <strong>{f.title}</strong>
            <div className="muted">
              {f.tool} · {f.ruleId}
            </div>
          </Cell>
          <Cell label="Resource" className={styles.address} title={f.address}>
            {f.address}
            {f.environment && <div className="muted">{f.environment}</div>}
          </Cell>
          <Cell label="Where" className={styles.address} title={lines(f)}>
            {lines(f)}
          </Cell>
          <Cell label="Status">
            {f.status}
            {f.waiver && f.status === "waived" && (
              <div className="muted">
                until {f.waiver.until.slice(0, 10)} by {f.waiver.by}
              </div>
            )}
            {canWaive && f.status === "open" && <WaiverForm findingId={f.id} title={f.title} address={f.address} />}
          </Cell>
          <Cell label="Evidence and remediation">
            <div>{f.remediation || f.message}</div>
            {f.controls.length > 0 && <div className="muted">{f.controls.join(" · ")}</div>}
            <details>
              <summary>Evidence</summary>
              <pre className={styles.evidence}>{JSON.stringify(f.evidence, null, 2)}</pre>
            </details>
            {canAsk && <AskVigil subject={`policy-finding:${f.id}`} />}
          </Cell>
        </tr>
      )}
    />
  );
}
