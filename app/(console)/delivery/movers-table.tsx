import Link from "next/link";
import type { DoraMover, MoverMetric } from "@/lib/delivery/dora-movers";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import { formatMinutes, formatRatio } from "./dora-format";
import styles from "./delivery.module.css";

const LABELS: Record<MoverMetric, string> = {
  leadTime: "Lead time (median)",
  changeFailureRate: "Change failure rate",
  timeToRestore: "Time to restore (median)",
};

const format = (metric: MoverMetric, value: number) =>
  metric === "changeFailureRate" ? formatRatio(value) : formatMinutes(value);

/** The services whose figures got worse most against the window before. */
export function MoversTable({ movers }: { movers: DoraMover[] }) {
  return (
    <DataTable
      testId="dora-movers"
      stacked
      columns={["Service", "Figure", "Before", "Now", "Change"]}
      items={movers}
      empty="No service got worse against the window before."
      row={(m) => (
        <tr key={`${m.key}-${m.metric}`}>
          <Cell label="Service" className={`strong ${styles.name}`} title={m.key}>
            <Link href={`/services/${encodeURIComponent(m.key)}`}>{m.key}</Link>
          </Cell>
          <Cell label="Figure">{LABELS[m.metric]}</Cell>
          <Cell label="Before" className="nowrap">
            {format(m.metric, m.before)}
          </Cell>
          <Cell label="Now" className="nowrap">
            {format(m.metric, m.after)}
          </Cell>
          <Cell label="Change" className="nowrap bad">
            +{(m.relativeChange * 100).toFixed(0)}%
          </Cell>
        </tr>
      )}
    />
  );
}
