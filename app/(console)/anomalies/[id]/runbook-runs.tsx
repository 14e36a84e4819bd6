"use client";

import { useState } from "react";
import type { RunbookView } from "@/lib/runbooks/runbook-rows";
import type { RunView } from "@/lib/runbooks/run-rows";
import type { RequestView } from "@/lib/runbooks/schemas";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import { minuteText } from "../anomaly-format";
import { RequestText } from "../runbooks/request-text";
import styles from "../anomalies.module.css";

type Runbook = Pick<RunbookView, "id" | "name" | "description" | "method" | "url">;

const STATE_TEXT: Record<string, string> = {
  awaiting_approval: "Awaiting approval",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
};

/** A runbook attached to this anomaly: the exact request it would send, and a run to propose. */
function RunbookItem({ anomalyId, runbook, canRun }: { anomalyId: string; runbook: Runbook; canRun: boolean }) {
  const [request, setRequest] = useState<RequestView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { error, busy, submit } = useFormSubmit();
  async function dryRun() {
    const response = await fetch(`/api/v1/runbooks/${runbook.id}/dry-run`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ anomalyId }),
    }).catch(() => null);
    const answer = await response?.json().catch(() => null);
    setProblem(response?.ok ? null : (answer?.error?.message ?? "The dry run failed"));
    setRequest(response?.ok ? answer : null);
  }
  return (
    <li>
      <strong>{runbook.name}</strong> <span className={styles.muted}>{runbook.description}</span>
      {canRun && (
        <div className={styles.actions}>
          <button className="button" type="button" onClick={dryRun}>
            Dry run
          </button>
          <button
            className="button button-primary"
            type="button"
            disabled={busy}
            onClick={() => submit(`/api/v1/anomalies/${anomalyId}/runs`, { runbookId: runbook.id })}
          >
            Propose run
          </button>
        </div>
      )}
      {request && <RequestText request={request} />}
      {(problem ?? error) && (
        <p className="form-error" role="alert">
          {problem ?? error}
        </p>
      )}
    </li>
  );
}

function RunItem({ run, canRun }: { run: RunView; canRun: boolean }) {
  const { error, busy, submit } = useFormSubmit();
  const result = run.error ?? (run.statusCode ? `HTTP ${run.statusCode} in ${run.durationMs} ms` : "");
  return (
    <li data-testid="runbook-run">
      <strong>{run.runbookName}</strong>: {STATE_TEXT[run.state] ?? run.state}
      <span className={styles.muted}>
        {" "}
        · proposed by {run.proposedBy} {minuteText(run.proposedAt)}
        {run.decidedBy && ` · ${run.state === "rejected" ? "rejected" : "approved"} by ${run.decidedBy}`}
        {result && ` · ${result}`}
      </span>
      {canRun && run.state === "awaiting_approval" && (
        <div className={styles.actions}>
          <button
            className="button button-primary"
            disabled={busy}
            onClick={() => submit(`/api/v1/runs/${run.id}/approve`, {})}
          >
            Approve and run
          </button>
          <button className="button" disabled={busy} onClick={() => submit(`/api/v1/runs/${run.id}/reject`, {})}>
            Reject
          </button>
        </div>
      )}
      {run.state === "awaiting_approval" && <RequestText request={run.request as RequestView} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The runbooks attached to this anomaly and their runs; a production run needs a second person. */
export function RunbookRuns(props: { anomalyId: string; runbooks: Runbook[]; runs: RunView[]; canRun: boolean }) {
  return (
    <>
      <ul className={styles.runbooks} aria-label="Runbooks">
        {props.runbooks.length === 0 && (
          <li className="empty-note">No runbook is attached to this series and service.</li>
        )}
        {props.runbooks.map((runbook) => (
          <RunbookItem key={runbook.id} anomalyId={props.anomalyId} runbook={runbook} canRun={props.canRun} />
        ))}
      </ul>
      {props.runs.length > 0 && (
        <ul className={styles.runbooks} aria-label="Runs">
          {props.runs.map((run) => (
            <RunItem key={run.id} run={run} canRun={props.canRun} />
          ))}
        </ul>
      )}
    </>
  );
}
