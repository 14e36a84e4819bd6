import Link from "next/link";
import type { AnomalyView } from "@/lib/anomalies/list-anomalies";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import { minuteText, STATUS_LABELS, whatText } from "./anomaly-format";
import styles from "./anomalies.module.css";

/** Anomalies with their likeliest change: what a triager scans before opening one. */
export function AnomalyTable({ items, empty, testId }: { items: AnomalyView[]; empty: string; testId: string }) {
  return (
    <DataTable
      testId={testId}
      stacked
      columns={["Severity", "Service", "What", "Since", "Status", "Likeliest change"]}
      items={items}
      empty={empty}
      row={(item) => (
        <tr key={item.id}>
          <Cell label="Severity">
            <span className={item.severity === "critical" ? styles.critical : styles.warning}>{item.severity}</span>
          </Cell>
          <Cell label="Service">{item.service}</Cell>
          <Cell label="What">
            <Link href={`/anomalies/${item.id}`}>{whatText(item)}</Link>
            {item.environment && <span className={styles.muted}> · {item.environment}</span>}
          </Cell>
          <Cell label="Since" title={item.start}>
            {minuteText(item.start)}
            {item.end ? <span className={styles.muted}> to {minuteText(item.end).slice(11)}</span> : " (ongoing)"}
          </Cell>
          <Cell label="Status">
            {STATUS_LABELS[item.status] ?? item.status}
            {item.assignee && <span className={styles.muted}> · {item.assignee}</span>}
          </Cell>
          <Cell label="Likeliest change" className={styles.change}>
            {item.changes[0]?.summary ?? <span className={styles.muted}>nothing found</span>}
          </Cell>
        </tr>
      )}
    />
  );
}
