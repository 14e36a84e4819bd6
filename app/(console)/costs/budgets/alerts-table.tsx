import type { CostAlertRow } from "@/lib/attribution/schemas";
import { STATUS_LABELS } from "./budgets-table";

export function AlertsTable({ alerts }: { alerts: CostAlertRow[] }) {
  if (alerts.length === 0) return <p className="empty-note">No alerts.</p>;
  return (
    <table className="table" data-testid="cost-alerts">
      <tbody>
        {alerts.map((alert) => (
          <tr key={alert.id}>
            <td className="nowrap">{alert.raisedAt.slice(0, 16).replace("T", " ")}</td>
            <td>
              <span className={`pill budget-${alert.kind}`}>{STATUS_LABELS[alert.kind]}</span>
            </td>
            <td>{alert.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
