import type { GroupKey, Mover } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { DataTable, num } from "../_components/data-table";
import { GROUP_LABELS } from "@/lib/attribution/group-labels";
import { KeyCell } from "./cost-labels";
import styles from "./costs.module.css";

export function MoversTable({ groupBy, movers }: { groupBy: GroupKey; movers: Mover[] }) {
  return (
    <DataTable
      testId="movers"
      columns={[GROUP_LABELS[groupBy], num("Week before"), num("Last week"), num("Change")]}
      items={movers}
      row={(mover) => <MoverRow key={mover.key} groupBy={groupBy} mover={mover} />}
    />
  );
}

function MoverRow({ groupBy, mover }: { groupBy: GroupKey; mover: Mover }) {
  const rising = !mover.change.startsWith("-") && mover.change !== "0";
  return (
    <tr>
      <td className={styles.moverKey}>
        <KeyCell groupBy={groupBy} value={mover.key} />
      </td>
      <td className="num">{formatUsd(mover.weekBefore)}</td>
      <td className="num">{formatUsd(mover.lastWeek)}</td>
      <td className={rising ? "num nowrap bad" : "num nowrap"}>
        {rising ? "+" : ""}
        {formatUsd(mover.change)}
        {mover.changePercent === null ? "" : ` (${mover.changePercent.toFixed(0)}%)`}
      </td>
    </tr>
  );
}
