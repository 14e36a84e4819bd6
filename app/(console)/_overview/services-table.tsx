import { formatUsd } from "@/lib/decimal";
import type { OverviewService } from "@/lib/overview/schemas";

export function ServicesTable({ services }: { services: OverviewService[] }) {
  if (!services.length) return <p className="empty-note">No services registered yet.</p>;
  return (
    <table className="table" data-testid="services-table">
      <thead>
        <tr>
          <th>Service</th>
          <th>Team</th>
          <th>Tier</th>
          <th>Environments</th>
          <th className="num">Spend</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <tr key={service.name}>
            <td className="strong">{service.name}</td>
            <td>{service.team}</td>
            <td>
              <span className={`pill pill-${service.tier}`}>{service.tier}</span>
            </td>
            <td>{service.environments.join(", ") || "–"}</td>
            <td className="num">{formatUsd(service.spend)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
