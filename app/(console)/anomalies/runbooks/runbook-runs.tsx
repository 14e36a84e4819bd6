"use client";

import Link from "next/link";
import { useState } from "react";
import type { RunbookView } from "@/lib/runbooks/runbook-rows";
import type { RunView } from "@/lib/runbooks/run-rows";
import type { RequestView } from "@/lib/runbooks/schemas";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import { ApiError, sendJson } from "../../_components/send-json";
import { minuteText } from "../anomaly-format";
import { RequestText } from "./request-text";
import styles from "./runbooks.module.css";

type Runbook = Pick<RunbookView, "id" | "name" | "description" | "method" | "url">;

/** What the runs answer: where proposals go, and what a dry run renders for. */
export interface RunSubject {
  /** `/api/v1/anomalies/{id}/runs` or `/api/v1/slos/{id}/runs`. */
  runsUrl: string;
  /** `{ anomalyId }` or `{ sloId }`: the dry run's body. */
  dryRunFor: Record<string, string>;
  /** "this series and service", "this SLO's service": said when no runbook is attached. */
  attachedTo: string;
}

const STATE_TEXT: Record<string, string> = {
  awaiting_approval: "Awaiting approval",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
};

/** A runbook attached here: the exact request it would send, and a run to propose. */
function RunbookItem({ subject, runbook, canRun }: { subject: RunSubject; runbook: Runbook; canRun: boolean }) {
  const [request, setRequest] = useState<RequestView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { error, busy, submit } = useFormSubmit();
  async function dryRun() {
    try {
      setRequest(await sendJson<RequestView>(`/api/v1/runbooks/${runbook.id}/dry-run`, "POST", subject.dryRunFor));
      setProblem(null);
    } catch (err) {
      setRequest(null);
      setProblem(err instanceof ApiError ? err.message : "The dry run failed");
    }
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
            onClick={() => submit(subject.runsUrl, { runbookId: runbook.id })}
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

/** What the run answers, linked: shown where the page is not that thing's own (the runbook's page). */
function Answers({ run }: { run: RunView }) {
  if (run.anomalyId)
    return (
      <>
        {" "}
        for <Link href={`/anomalies/${run.anomalyId}`}>an anomaly</Link>
      </>
    );
  if (run.sloId)
    return (
      <>
        {" "}
        for <Link href={`/slos/${run.sloId}`}>an SLO alert</Link>
      </>
    );
  return null;
}

function RunItem({ run, canRun, showAnswers }: { run: RunView; canRun: boolean; showAnswers?: boolean }) {
  const { error, busy, submit } = useFormSubmit();
  const result = run.error ?? (run.statusCode ? `HTTP ${run.statusCode} in ${run.durationMs} ms` : "");
  return (
    <li data-testid="runbook-run">
      <strong>{run.runbookName}</strong>
      {showAnswers && <Answers run={run} />}: {STATE_TEXT[run.state] ?? run.state}
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

/** The runbooks attached to an anomaly or an SLO, and their runs; a production run needs a second person. */
export function RunbookRuns(props: { subject: RunSubject; runbooks: Runbook[]; runs: RunView[]; canRun: boolean }) {
  return (
    <>
      <ul className={styles.runbooks} aria-label="Runbooks">
        {props.runbooks.length === 0 && (
          <li className="empty-note">No runbook is attached to {props.subject.attachedTo}.</li>
        )}
        {props.runbooks.map((runbook) => (
          <RunbookItem key={runbook.id} subject={props.subject} runbook={runbook} canRun={props.canRun} />
        ))}
      </ul>
      <RunList runs={props.runs} canRun={props.canRun} />
    </>
  );
}

/** Runs, newest first, each with approve and reject while it waits; `showAnswers`: say what each answers. */
export function RunList({ runs, canRun, showAnswers }: { runs: RunView[]; canRun: boolean; showAnswers?: boolean }) {
  if (runs.length === 0) return null;
  return (
    <ul className={styles.runbooks} aria-label="Runs">
      {runs.map((run) => (
        <RunItem key={run.id} run={run} canRun={canRun} showAnswers={showAnswers} />
      ))}
    </ul>
  );
}
