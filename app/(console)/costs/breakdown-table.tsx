import type { BreakdownRow, GroupKey } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { GROUP_LABELS, KeyCell, percentText, unitCostText } from "./cost-labels";

export function BreakdownTable({
  groupBy,
  rows,
  withRequests,
}: {
  groupBy: GroupKey;
  rows: BreakdownRow[];
  withRequests: boolean;
}) {
  return (
    <table className="table" data-testid="cost-breakdown">
      <thead>
        <tr>
          <th>{GROUP_LABELS[groupBy]}</th>
          <th className="num">Cost</th>
          <th className="num">Share</th>
          {withRequests && <th className="num">Requests</th>}
          {withRequests && <th className="num">Per 1,000 requests</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>
              <KeyCell groupBy={groupBy} value={row.key} />
            </td>
            <td className="num">{formatUsd(row.cost)}</td>
            <td className="num">{percentText(row.percent)}</td>
            {withRequests && <td className="num">{(row.requests ?? 0).toLocaleString("en-US")}</td>}
            {withRequests && <td className="num">{unitCostText(row.unitCost)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
