import type { DeploymentItem } from "@/lib/delivery/list-deployments";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import styles from "./delivery.module.css";

export const utcMinute = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const COMMITS_LISTED = 3;

/** Deployments newest first: what shipped (version, first commits, author) and whether an incident followed. */
export function DeploymentsTable({ items, showService }: { items: DeploymentItem[]; showService: boolean }) {
  return (
    <DataTable
      testId="deployments"
      stacked
      columns={["Finished", showService && "Service", "Environment", "Result", "Version", "Commits", "Incidents"]}
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
          </Cell>
          <Cell label="Incidents" className={d.linkedIncidents ? "bad" : undefined}>
            {d.linkedIncidents || "–"}
          </Cell>
        </tr>
      )}
    />
  );
}
