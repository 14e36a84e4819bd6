import type { RunbookView } from "@/lib/runbooks/runbook-rows";
import { minuteText } from "../anomaly-format";
import { answersText } from "./runbooks-table";
import styles from "./runbooks.module.css";

/** A runbook as those who may not change it read it; secret header values read "set". */
export function RunbookDetails({ runbook }: { runbook: RunbookView }) {
  return (
    <dl className="facts" data-testid="runbook-details">
      <dt>Call</dt>
      <dd className={styles.url}>
        {runbook.method} {runbook.url}
      </dd>
      {runbook.description && (
        <>
          <dt>What it does</dt>
          <dd>{runbook.description}</dd>
        </>
      )}
      <dt>Headers</dt>
      <dd>
        {runbook.headers.length === 0
          ? "none"
          : runbook.headers.map((header) => (
              <div key={header.name} className={styles.url}>
                {header.name}: {header.secret ? <span className={styles.set}>set</span> : header.value}
              </div>
            ))}
      </dd>
      <dt>Body template</dt>
      <dd>
        <pre className={styles.request}>{runbook.bodyTemplate}</pre>
      </dd>
      <dt>Answers</dt>
      <dd>{answersText(runbook)}</dd>
      <dt>Services</dt>
      <dd>{runbook.services.join(", ") || "every service"}</dd>
      <dt>Environments</dt>
      <dd>{runbook.environments.join(", ") || "every environment"}</dd>
      <dt>Approval</dt>
      <dd>{runbook.autoRun ? "runs by itself in its non-production environments" : "a person approves each run"}</dd>
      <dt>Changed</dt>
      <dd>
        {minuteText(runbook.updatedAt)} by {runbook.updatedBy} (version {runbook.version})
      </dd>
    </dl>
  );
}
