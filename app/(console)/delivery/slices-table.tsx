import Link from "next/link";
import type { DoraSliceRow } from "@/lib/delivery/dora-slices";
import type { DoraTier } from "@/lib/delivery/dora-tiers";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import { formatMinutes, formatPerWeek, formatRatio } from "./dora-format";
import { TierBadge } from "./dora-tier";
import styles from "./delivery.module.css";

const COLUMNS = ["Deploy frequency", "Lead time", "Change failure rate", "MTTR (median)", "Rework rate"];

/** A figure with its tier beside it; a figure without data shows no tier. */
function Figure({ value, tiers }: { value: string; tiers?: { tier2021: DoraTier | null; tier2023: DoraTier | null } }) {
  return (
    <span className="nowrap">
      {value} {tiers && value !== "–" && <TierBadge tier2021={tiers.tier2021} tier2023={tiers.tier2023} />}
    </span>
  );
}

/** Each team's or service's figures over the window, with their tiers. */
export function SlicesTable({ by, rows, testId }: { by: "team" | "service"; rows: DoraSliceRow[]; testId: string }) {
  const label = by === "team" ? "Team" : "Service";
  return (
    <DataTable
      testId={testId}
      stacked
      columns={[label, ...COLUMNS]}
      items={rows}
      empty={`No ${by} deployed or had an incident in this window or the one before.`}
      row={({ key, current: m }) => (
        <tr key={key}>
          <Cell label={label} className={`strong ${styles.name}`} title={key}>
            {by === "service" ? <Link href={`/services/${encodeURIComponent(key)}`}>{key}</Link> : key}
          </Cell>
          <Cell label={COLUMNS[0]}>
            <Figure value={formatPerWeek(m.deploymentFrequency.perWeek)} tiers={m.deploymentFrequency} />
          </Cell>
          <Cell label={COLUMNS[1]}>
            <Figure value={formatMinutes(m.leadTimeForChanges.medianMinutes)} tiers={m.leadTimeForChanges} />
          </Cell>
          <Cell label={COLUMNS[2]}>
            <Figure value={formatRatio(m.changeFailureRate.ratio)} tiers={m.changeFailureRate} />
          </Cell>
          <Cell label={COLUMNS[3]}>
            <Figure value={formatMinutes(m.timeToRestore.medianMinutes)} tiers={m.timeToRestore} />
          </Cell>
          <Cell label={COLUMNS[4]}>
            <Figure value={formatRatio(m.reworkRate.ratio)} />
          </Cell>
        </tr>
      )}
    />
  );
}
