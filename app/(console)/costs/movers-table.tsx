import type { GroupKey, Mover } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { GROUP_LABELS, KeyCell } from "./cost-labels";

export function MoversTable({ groupBy, movers }: { groupBy: GroupKey; movers: Mover[] }) {
  return (
    <table className="table" data-testid="movers">
      <thead>
        <tr>
          <th>{GROUP_LABELS[groupBy]}</th>
          <th className="num">Week before</th>
          <th className="num">Last week</th>
          <th className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {movers.map((mover) => {
          const rising = !mover.change.startsWith("-") && mover.change !== "0";
          return (
            <tr key={mover.key}>
              <td>
                <KeyCell groupBy={groupBy} value={mover.key} />
              </td>
              <td className="num">{formatUsd(mover.weekBefore)}</td>
              <td className="num">{formatUsd(mover.lastWeek)}</td>
              <td className={rising ? "num bad" : "num"}>
                {rising ? "+" : ""}
                {formatUsd(mover.change)}
                {mover.changePercent === null ? "" : ` (${mover.changePercent.toFixed(0)}%)`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
