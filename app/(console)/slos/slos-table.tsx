import Link from "next/link";
import type { ReactNode } from "react";
import { formatUsd } from "@/lib/decimal";
import type { SloListItem } from "@/lib/slo/list-slos";
import type { SloCost } from "@/lib/slo/slo-cost";
import { Cell } from "../_components/cell";
import { DataTable, num } from "../_components/data-table";
import { BudgetBar, SloStatusBadge } from "./slo-badges";
import { alertSummary, formatBurn, formatMinute, formatSli, formatWindow } from "./slo-format";
import styles from "./slos.module.css";

export type SloRow = SloListItem & { cost: SloCost };

type Line = { kind: "service"; service: string } | { kind: "slo"; slo: SloRow };

const COLUMNS = [
  "SLO",
  num("Objective"),
  "Budget left",
  num("Burn 1h · window"),
  "Status · alerts",
  num("Spend"),
  num("Per point"),
];

/** The page's SLOs under their services' names, services in name order. */
function lines(rows: SloRow[]): Line[] {
  const services = [...new Set(rows.map((r) => r.service))].sort();
  return services.flatMap((service) => [
    { kind: "service" as const, service },
    ...rows.filter((r) => r.service === service).map((slo) => ({ kind: "slo" as const, slo })),
  ]);
}

/** Each service's SLOs at a glance, with what the service cost over each SLO's window. */
export function SlosTable({ rows, empty }: { rows: SloRow[]; empty: ReactNode }) {
  return (
    <DataTable
      testId="slos"
      stacked
      columns={COLUMNS}
      items={lines(rows)}
      empty={empty}
      row={(line) =>
        line.kind === "service" ? (
          <tr key={`s-${line.service}`} data-testid="slo-service">
            <th colSpan={COLUMNS.length} scope="colgroup" className={styles.service}>
              <Link href={`/services/${encodeURIComponent(line.service)}`} title={line.service}>
                {line.service}
              </Link>
            </th>
          </tr>
        ) : (
          <SloLine key={line.slo.id} slo={line.slo} />
        )
      }
    />
  );
}

function SloLine({ slo }: { slo: SloRow }) {
  const { definition: d, status, cost } = slo;
  const alert = alertSummary(status.alerts);
  return (
    <tr data-testid="slo-row">
      <Cell label="SLO" className={styles.name}>
        <Link href={`/slos/${slo.id}`} title={d.description ?? d.name}>
          {d.displayName ?? d.name}
        </Link>
        <div className={styles.what}>
          {formatSli(d.sli)} · {formatWindow(d.window)}
        </div>
      </Cell>
      <Cell label="Objective" className="num">
        {d.objectivePercent}%
      </Cell>
      <Cell label="Budget left">
        <BudgetBar remaining={status.errorBudgetRemaining} />
      </Cell>
      <Cell label="Burn 1h · window" className={`num ${styles.nowrap}`}>
        {formatBurn(status.burnRates["1h"])} · {formatBurn(status.burnRates.period)}
      </Cell>
      <Cell label="Status · alerts">
        <SloStatusBadge status={status.status} />
        <div className={styles.what} title={alert.since ? `since ${formatMinute(alert.since)}` : undefined}>
          alerts: {alert.text}
        </div>
      </Cell>
      <Cell label="Spend" className="num">
        {cost.spend === null ? "–" : formatUsd(cost.spend)}
      </Cell>
      <Cell
        label="Per point"
        className="num"
        title={
          cost.pointsAboveObjective === null ? undefined : `${cost.pointsAboveObjective} points above the objective`
        }
      >
        {cost.spendPerPoint === null ? "–" : formatUsd(cost.spendPerPoint)}
      </Cell>
    </tr>
  );
}
