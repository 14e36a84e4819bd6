import Link from "next/link";
import { formatUsd } from "@/lib/decimal";
import type { DriftView } from "@/lib/drift/drift-records";
import { Cell } from "../_components/cell";
import { DataTable } from "../_components/data-table";
import { CAUSE_LABELS, KIND_LABELS, shown } from "./drift-params";
import styles from "./drift.module.css";

const money = (amount: string | null, currency: string) => formatUsd(amount ?? "0", { currency });

/** The cost a drift brings: a changed size first, else the bill's daily cost before and after. */
export function costText(item: Pick<DriftView, "costImpact">): string {
  const impact = item.costImpact;
  if (!impact) return "—";
  const size = impact.sizeChanges[0];
  const daily = impact.daily
    .map(({ currency, before, after }) => `${money(before, currency)} → ${money(after, currency)} a day`)
    .join("; ");
  const sized = size ? `${size.path}: ${shown(size.before)} → ${shown(size.after)}` : "";
  return [sized, daily].filter(Boolean).join("; ") || "not billed";
}

function changeText(item: DriftView): string {
  if (item.kind !== "changed") return KIND_LABELS[item.kind];
  const [first, ...rest] = item.changes;
  if (!first) return "—";
  const line = `${first.path}: ${shown(first.before)} → ${shown(first.after)}`;
  return rest.length ? `${line} (+${rest.length} more)` : line;
}

/** The rules a drift now breaks, for a marker and its title; '' when none (or not known). */
export function policyText(item: Pick<DriftView, "policyImpact">): string {
  return (item.policyImpact ?? []).map((rule) => `${rule.title} (${rule.severity}, ${rule.ruleId})`).join("; ");
}

function PolicyMarker({ item }: { item: DriftView }) {
  const count = item.policyImpact?.length ?? 0;
  if (!count) return null;
  return (
    <span className={styles.breaks} title={`Breaks policy: ${policyText(item)}`} data-testid="drift-breaks-policy">
      breaks {count} {count === 1 ? "rule" : "rules"}
    </span>
  );
}

export function DriftTable({ items, empty }: { items: DriftView[]; empty: string }) {
  return (
    <DataTable
      testId="drift-table"
      stacked
      columns={["Resource", "Workspace", "Kind", "Cause", "What changed", "Cost impact", "Last seen"]}
      items={items}
      empty={empty}
      row={(item) => (
        <tr key={item.id}>
          <Cell label="Resource" title={item.address}>
            <Link className={styles.address} href={`/drift/${item.id}`}>
              {item.address}
            </Link>
            <PolicyMarker item={item} />
          </Cell>
          <Cell label="Workspace" title={item.workspace}>
            {item.workspace}
          </Cell>
          <Cell label="Kind">{KIND_LABELS[item.kind]}</Cell>
          <Cell label="Cause">{CAUSE_LABELS[item.cause]}</Cell>
          <Cell label="What changed" className={`${styles.diff} ${styles.changed}`} title={changeText(item)}>
            {changeText(item).slice(0, 160)}
          </Cell>
          <Cell label="Cost impact">{costText(item)}</Cell>
          <Cell label="Last seen" title={item.lastSeen}>
            {item.lastSeen.slice(0, 16).replace("T", " ")}
          </Cell>
        </tr>
      )}
    />
  );
}
