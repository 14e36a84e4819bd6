import type { BreakdownRow, GroupKey } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { type Column, DataTable, num } from "../_components/data-table";
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
  const columns: Column[] = [
    GROUP_LABELS[groupBy],
    num("Cost"),
    num("Share"),
    withRequests && num("Requests"),
    withRequests && num("Per 1,000 requests"),
  ];
  return (
    <DataTable
      testId="cost-breakdown"
      columns={columns}
      items={rows}
      row={(row) => (
        <tr key={row.key}>
          <td>
            <KeyCell groupBy={groupBy} value={row.key} />
          </td>
          <td className="num">{formatUsd(row.cost)}</td>
          <td className="num">{percentText(row.percent)}</td>
          {withRequests && <td className="num">{(row.requests ?? 0).toLocaleString("en-US")}</td>}
          {withRequests && <td className="num">{unitCostText(row.unitCost)}</td>}
        </tr>
      )}
    />
  );
}
