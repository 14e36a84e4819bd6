import Link from "next/link";
import type { DeploymentEvidence } from "@/lib/drift/drift-cause";
import type { getDrift } from "@/lib/drift/get-drift";
import { Card } from "../../_components/card";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import styles from "../drift.module.css";

type Drift = Awaited<ReturnType<typeof getDrift>>;

interface Evidence {
  window?: { from: string; to: string };
  deployments?: DeploymentEvidence[];
  plannedChange?: { actions: string[]; replace: boolean; reason: string | null } | null;
  actions?: string[];
  previousVersion?: string;
  version?: string;
}

const minute = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function pendingText(pending: Evidence["plannedChange"]): string {
  if (!pending) return "none: the plan proposed no change to this resource";
  const what = pending.replace ? "replace" : pending.actions.join(", ");
  return pending.reason ? `${what} (${pending.reason.replaceAll("_", " ")})` : what;
}

/** The cause's evidence as sentences: the window looked in, what shipped then, what the code plans. */
export function CauseEvidence({ drift }: { drift: Drift }) {
  const evidence = drift.causeEvidence as Evidence;
  const deployments = evidence.deployments ?? [];
  return (
    <Card id="evidence-title" title="Why Vigil thinks so" note="the evidence behind the cause">
      <dl className="facts" data-testid="drift-evidence">
        {evidence.window && (
          <>
            <dt>Looked between</dt>
            <dd>
              {minute(evidence.window.from)} and {minute(evidence.window.to)}
            </dd>
          </>
        )}
        <dt>Deployments then</dt>
        <dd>
          {deployments.length === 0 ? (
            `none of ${drift.workspace} finished in that window`
          ) : (
            <ul className={styles.plain}>
              {deployments.map((deployment) => (
                <li key={deployment.id}>
                  {deployment.service} {deployment.version ?? "(no version)"} to {deployment.environment.toLowerCase()},{" "}
                  {minute(deployment.finishedAt)}, {deployment.commits} commit{deployment.commits === 1 ? "" : "s"}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Code change pending</dt>
        <dd>{pendingText(evidence.plannedChange)}</dd>
        {evidence.previousVersion && (
          <>
            <dt>Provider version</dt>
            <dd>
              {evidence.previousVersion} → {evidence.version}
            </dd>
          </>
        )}
        {evidence.actions && (
          <>
            <dt>Plan&apos;s actions</dt>
            <dd>{evidence.actions.join(", ") || "—"}</dd>
          </>
        )}
      </dl>
    </Card>
  );
}

/** The services whose traces changed around the detection, the resource's own first. */
export function TraceImpact({ drift }: { drift: Drift }) {
  const impact = drift.traceImpact;
  const note = impact
    ? `${minute(impact.around.from)} – ${minute(impact.around.to)} against the week before`
    : "the hours around the detection are not over yet";
  const serves = impact?.services.length ? `This resource serves ${impact.services.join(", ")}.` : null;
  return (
    <Card id="traces-title" title="Traces around the drift" note={note}>
      {serves && <p className={styles.lead}>{serves}</p>}
      <DataTable
        testId="drift-traces"
        stacked
        columns={["Service", "Serves it", "What changed"]}
        items={impact?.changed ?? []}
        empty="No service's rate, errors or p95 latency changed measurably then."
        row={(shift) => (
          <tr key={shift.service}>
            <Cell label="Service">
              <Link href={`/services/${encodeURIComponent(shift.service)}`}>{shift.service}</Link>
            </Cell>
            <Cell label="Serves it">{shift.related ? "yes" : "no"}</Cell>
            <Cell label="What changed">{shift.findings.join("; ")}</Cell>
          </tr>
        )}
      />
    </Card>
  );
}
