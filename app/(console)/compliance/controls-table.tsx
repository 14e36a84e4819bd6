import type { ControlRow } from "@/lib/policy/control-summary";
import { Cell } from "../_components/cell";
import { DataTable, num } from "../_components/data-table";
import styles from "./compliance.module.css";
import { controlMatrix } from "./control-matrix";

function Checks({ row }: { row: ControlRow | undefined }) {
  if (!row || row.checked === 0) return <span className="muted">–</span>;
  return (
    <>
      {row.passed} of {row.checked}
      {row.failed > 0 && <div className={`small ${styles.fail}`}>{row.failed} failing</div>}
      {row.waived > 0 && <div className="small muted">{row.waived} waived</div>}
    </>
  );
}

/** Each control across environments: checks passed of those made, with what fails and what is waived. */
export function ControlsTable({ rows }: { rows: ControlRow[] }) {
  const { environments, lines } = controlMatrix(rows);
  return (
    <DataTable
      testId="controls-table"
      stacked
      columns={["Control", ...environments.map((environment) => num(environment))]}
      items={lines}
      empty="No evaluations yet: import a Terraform state (Costs → Inventory) or a scanner report."
      row={(line) => (
        <tr key={line.control}>
          <Cell label="Control">
            {line.control}
            <div className={`small ${line.failed ? styles.fail : styles.pass}`}>
              {line.failed ? "failing" : "passing"}
            </div>
          </Cell>
          {environments.map((environment) => (
            <Cell key={environment} label={environment} className="num">
              <Checks row={line.cells.get(environment)} />
            </Cell>
          ))}
        </tr>
      )}
    />
  );
}
