import type { ControlRow } from "@/lib/policy/control-summary";
import { Cell } from "../_components/cell";
import { DataTable, num } from "../_components/data-table";
import styles from "./compliance.module.css";

/** Each control per environment: checks made, passed, failed and waived. */
export function ControlsTable({ rows }: { rows: ControlRow[] }) {
  return (
    <DataTable
      testId="controls-table"
      stacked
      columns={["Control", "Environment", num("Checked"), num("Passed"), num("Failed"), num("Waived")]}
      items={rows}
      empty="No evaluations yet: import a Terraform state (Costs → Inventory) or a scanner report."
      row={(row) => (
        <tr key={`${row.control}|${row.environment}`}>
          <Cell label="Control">{row.control}</Cell>
          <Cell label="Environment">{row.environment || "(untagged)"}</Cell>
          <Cell label="Checked" className="num">
            {row.checked}
          </Cell>
          <Cell label="Passed" className={`num ${styles.pass}`}>
            {row.passed}
          </Cell>
          <Cell label="Failed" className={`num ${row.failed ? styles.fail : ""}`}>
            {row.failed}
          </Cell>
          <Cell label="Waived" className="num">
            {row.waived}
          </Cell>
        </tr>
      )}
    />
  );
}
