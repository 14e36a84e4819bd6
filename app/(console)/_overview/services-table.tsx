import Link from "next/link";
import { formatUsd } from "@/lib/decimal";
import type { OverviewService } from "@/lib/overview/schemas";
import { DataTable, num } from "../_components/data-table";
import styles from "./overview.module.css";

/** Registered services with their spend; each name opens its page. */
export function ServicesTable({ services }: { services: OverviewService[] }) {
  return (
    <DataTable
      testId="services-table"
      columns={["Service", "Team", "Tier", "Environments", num("Spend")]}
      items={services}
      empty="No services registered yet."
      row={(service) => (
        <tr key={service.name}>
          <td className={`strong ${styles.name}`}>
            <Link href={`/services/${encodeURIComponent(service.name)}`} title={service.name}>
              {service.name}
            </Link>
          </td>
          <td>{service.team}</td>
          <td>
            <span className={`pill pill-${service.tier}`}>{service.tier}</span>
          </td>
          <td>{service.environments.join(", ") || "–"}</td>
          <td className="num">{formatUsd(service.spend)}</td>
        </tr>
      )}
    />
  );
}
