import type { AlertHistoryEntry } from "@/lib/slo/get-slo";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import { formatBurn, formatDuration, formatMinute } from "../slo-format";

/** What the burns were when the alert fired, for the windows that breached. */
function burnsAtFiring(entry: AlertHistoryEntry): string {
  if (entry.windows.length === 0) return "–";
  return entry.windows
    .map(
      (w) =>
        `${w.short} ${formatBurn(entry.burns[w.short])}, ${w.long} ${formatBurn(entry.burns[w.long])} (> ${formatBurn(w.factor)})`,
    )
    .join("; ");
}

/** The alerts that fired, newest first: when each started waiting, fired and resolved. */
export function AlertHistory({ history }: { history: AlertHistoryEntry[] }) {
  return (
    <DataTable
      testId="alert-history"
      stacked
      columns={["Severity", "Pending", "Fired", "Resolved", "Lasted", "Burns at firing"]}
      items={history}
      empty="No alert has fired for this SLO."
      row={(entry) => (
        <tr key={entry.id}>
          <Cell label="Severity">{entry.severity}</Cell>
          <Cell label="Pending">{formatMinute(entry.pendingAt)}</Cell>
          <Cell label="Fired">{formatMinute(entry.firedAt)}</Cell>
          <Cell label="Resolved">{entry.resolvedAt ? formatMinute(entry.resolvedAt) : "still firing"}</Cell>
          <Cell label="Lasted">
            {entry.resolvedAt ? formatDuration(Date.parse(entry.resolvedAt) - Date.parse(entry.firedAt)) : "–"}
          </Cell>
          <Cell label="Burns at firing">{burnsAtFiring(entry)}</Cell>
        </tr>
      )}
    />
  );
}
