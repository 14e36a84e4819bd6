import Link from "next/link";
import type { RunbookView } from "@/lib/runbooks/runbook-rows";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import { minuteText, SERIES_LABELS } from "../anomaly-format";
import styles from "./runbooks.module.css";

/** "Error rate, p95 latency anomalies; SLO alerts". */
export function answersText(runbook: Pick<RunbookView, "series" | "sloAlerts">): string {
  const series = runbook.series.map((name) => SERIES_LABELS[name] ?? name).join(", ");
  return [series && `${series} anomalies`, runbook.sloAlerts && "SLO alerts"].filter(Boolean).join("; ");
}

const every = (names: string[], what: string) => (names.length ? names.join(", ") : `every ${what}`);

/** The runbooks, by name: where each calls, what it answers, where, and whether it runs by itself. */
export function RunbooksTable({ items, empty }: { items: RunbookView[]; empty: string }) {
  return (
    <DataTable
      testId="runbooks"
      stacked
      columns={["Name", "Call", "Answers", "Services", "Where", "Approval", "Updated"]}
      items={items}
      empty={empty}
      row={(runbook) => (
        <tr key={runbook.id}>
          <Cell label="Name">
            <Link href={`/anomalies/runbooks/${runbook.id}`}>{runbook.name}</Link>
          </Cell>
          <Cell label="Call">
            <span className={styles.url}>
              {runbook.method} {runbook.url}
            </span>
          </Cell>
          <Cell label="Answers">{answersText(runbook)}</Cell>
          <Cell label="Services">{every(runbook.services, "service")}</Cell>
          <Cell label="Where">{every(runbook.environments, "environment")}</Cell>
          <Cell label="Approval">
            {runbook.autoRun ? <span className={styles.auto}>auto-run (non-production)</span> : "needed"}
          </Cell>
          <Cell label="Updated">
            {minuteText(runbook.updatedAt)} by {runbook.updatedBy}
          </Cell>
        </tr>
      )}
    />
  );
}
