import { formatUsd } from "@/lib/decimal";
import type { IncidentItem } from "@/lib/delivery/list-incidents";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import { utcMinute } from "./deployments-table";
import { formatMinutes } from "./dora-format";
import styles from "./delivery.module.css";

/** The deployment an incident is linked to, and why: the rule's, a person's, or none before it. */
function LinkedDeployment({ incident }: { incident: IncidentItem }) {
  const { linkedDeployment: d, linkReason: reason } = incident;
  if (reason.kind === "no-prior-deployment" || !d) {
    return <span className="muted">none: no successful production deployment before it</span>;
  }
  const why =
    reason.kind === "set-by-person"
      ? `linked by ${reason.by}`
      : `last successful production deployment before it, finished ${utcMinute(reason.deploymentFinishedAt)}`;
  return (
    <>
      <span title={d.key}>{d.version ?? d.key}</span>
      <div className="muted small" data-testid="link-reason">
        {why}
      </div>
    </>
  );
}

const spendText = (cost: string | null | undefined) => (cost ? `~${formatUsd(cost)}` : "no spend allocated");

/** Incidents newest first, each with how long it took to restore and the deployment it is counted against. */
const PRO_RATED =
  "Cost of change: the service's allocated (effective) spend while the incident was open. Spend is daily, so each day counts for the hours of it the incident was open (pro-rated).";

export function IncidentsTable({
  items,
  spend,
  showService,
}: {
  items: IncidentItem[];
  /** Each incident's pro-rated spend while open (null: no allocated spend for those days yet). */
  spend: Map<string, string | null>;
  showService: boolean;
}) {
  return (
    <DataTable
      testId="incidents"
      stacked
      columns={[
        "Created",
        showService && "Service",
        "Incident",
        "Status",
        "Restored in",
        "Spend while open",
        "Linked deployment",
      ]}
      items={items}
      empty="No incidents match."
      row={(i) => (
        <tr key={i.id}>
          <Cell label="Created" className="nowrap">
            {utcMinute(i.createdAt)}
          </Cell>
          {showService && (
            <Cell label="Service" className={`strong ${styles.name}`} title={i.service}>
              {i.service}
            </Cell>
          )}
          <Cell label="Incident" className={styles.name} title={`${i.source}:${i.externalKey}`}>
            {i.url && /^https?:\/\//i.test(i.url) ? <a href={i.url}>{i.title}</a> : i.title}
            {i.severity && <div className="muted small">{i.severity}</div>}
          </Cell>
          <Cell label="Status">{i.status.toLowerCase().replace("_", " ")}</Cell>
          <Cell label="Restored in" className="nowrap">
            {i.restoreMinutes === null ? "open" : formatMinutes(i.restoreMinutes)}
          </Cell>
          <Cell label="Spend while open" className="nowrap" title={PRO_RATED}>
            {spendText(spend.get(i.id))}
          </Cell>
          <Cell label="Linked deployment" className={styles.name}>
            <LinkedDeployment incident={i} />
          </Cell>
        </tr>
      )}
    />
  );
}
