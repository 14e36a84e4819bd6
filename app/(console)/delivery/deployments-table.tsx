import type { DeploymentUnitCost, UnitCost } from "@/lib/delivery/deployment-unit-costs";
import type { DeploymentItem } from "@/lib/delivery/list-deployments";
import { formatUsd } from "@/lib/decimal";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./delivery.module.css";

export const utcMinute = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const COMMITS_LISTED = 3;

const UNIT_COST_TITLE =
  "Cost of change: the service's effective spend per 1,000 requests in the complete UTC week before the deployment's day, and in the week after it (shown once that week is over).";

const unitText = (u: UnitCost | null) => (u?.per1kRequests ? formatUsd(u.per1kRequests, { unitPrice: true }) : "–");

/** "$0.41 → $0.52" per 1,000 requests, or a dash when neither week has a figure. */
function UnitCostChange({ cost }: { cost: DeploymentUnitCost | undefined }) {
  if (!cost?.before?.per1kRequests && !cost?.after?.per1kRequests) return <>–</>;
  const rose = Number(cost.after?.per1kRequests ?? 0) > Number(cost.before?.per1kRequests ?? Infinity);
  return (
    <span className={rose ? "bad" : undefined}>
      {unitText(cost.before)} → {unitText(cost.after)}
    </span>
  );
}

/** The commit count and the first commits' subjects, each with its repository and sha on hover. */
function Commits({ d }: { d: DeploymentItem }) {
  return (
    <>
      {d.commitCount}
      {d.commits.length > 0 && (
        <ul className={styles.commits}>
          {d.commits.slice(0, COMMITS_LISTED).map((c) => (
            <li key={`${c.repoUrl}@${c.commitSha}`} title={`${c.repoUrl}@${c.commitSha}`}>
              {c.commitMsg?.split("\n")[0] || c.commitSha.slice(0, 10)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Deployments newest first: what shipped (version, first commits, author), whether an incident followed, unit cost around it. */
export function DeploymentsTable({
  items,
  unitCosts,
  showService,
}: {
  items: DeploymentItem[];
  unitCosts: Map<string, DeploymentUnitCost>;
  showService: boolean;
}) {
  return (
    <DataTable
      testId="deployments"
      stacked
      columns={[
        "Finished",
        showService && "Service",
        "Environment",
        "Result",
        "Version",
        "Commits",
        "Incidents",
        "Unit cost before → after",
      ]}
      items={items}
      empty="No deployments match."
      row={(d) => (
        <tr key={d.id}>
          <Cell label="Finished" className="nowrap">
            {utcMinute(d.finishedAt)}
          </Cell>
          {showService && (
            <Cell label="Service" className={`strong ${styles.name}`} title={d.service}>
              {d.service}
            </Cell>
          )}
          <Cell label="Environment">{d.environment.toLowerCase()}</Cell>
          <Cell label="Result" className={d.result === "FAILURE" ? "bad" : undefined}>
            {d.result.toLowerCase()}
            {d.hotfix ? " · hotfix" : ""}
          </Cell>
          <Cell label="Version" className={styles.name} title={`${d.source}:${d.externalId}`}>
            {d.version ?? "–"}
            {d.author && <div className="muted small">by {d.author}</div>}
          </Cell>
          <Cell label="Commits" className={styles.name}>
            <Commits d={d} />
          </Cell>
          <Cell label="Incidents" className={d.linkedIncidents ? "bad" : undefined}>
            {d.linkedIncidents || "–"}
          </Cell>
          <Cell label="Unit cost" className="nowrap" title={UNIT_COST_TITLE}>
            <UnitCostChange cost={unitCosts.get(d.id)} />
          </Cell>
        </tr>
      )}
    />
  );
}
