import Link from "next/link";
import type { ProposalListItem } from "@/lib/proposals/types";
import { Cell } from "../_components/cell";
import { DataTable, num } from "../_components/data-table";
import { RiskPill, ProposalStatusPill, SourceBadge } from "./proposal-badges";
import { KIND_LABELS, minuteText, moneyText } from "./proposal-format";
import styles from "./agent.module.css";

type Risk = "low" | "medium" | "high";

/** The first few targets, the rest counted; each whole on its own line. */
export function TargetList({ targets, max = 3 }: { targets: string[]; max?: number }) {
  if (!targets.length) return <span className="muted">—</span>;
  const shown = targets.slice(0, max);
  return (
    <ul className={`${styles.targets} mono`}>
      {shown.map((target) => (
        <li key={target}>{target}</li>
      ))}
      {targets.length > shown.length && <li className="muted">+{targets.length - shown.length} more</li>}
    </ul>
  );
}

/**
 * Proposals with their source, targets, the claimed and the recomputed monthly saving (each in its
 * currency), a refactor's risk, status and age; each opens its page.
 */
export function ProposalsTable({
  items,
  risks,
  empty,
}: {
  items: ProposalListItem[];
  /** Refactors' risk by proposal id (the list's rows do not carry it). */
  risks: ReadonlyMap<string, Risk>;
  empty: string;
}) {
  return (
    <DataTable
      testId="proposal-list"
      stacked
      columns={[
        "Proposal",
        "Source",
        "Targets",
        num("Claimed / month"),
        num("Recomputed / month"),
        "Risk",
        "Status",
        "Created",
      ]}
      items={items}
      empty={empty}
      row={(p) => {
        const risk = risks.get(p.id);
        return (
          <tr key={p.id} data-testid="proposal-row" data-kind={p.kind}>
            <Cell label="Proposal" className={styles.titleCell}>
              <Link href={`/agent/${p.id}`}>{p.title}</Link>
              <div className="muted small">{KIND_LABELS[p.kind] ?? p.kind}</div>
            </Cell>
            <Cell label="Source">
              <SourceBadge source={p.source} model={p.model} />
            </Cell>
            <Cell label="Targets">
              <TargetList targets={p.targets} />
            </Cell>
            <Cell label="Claimed" className="num">
              {moneyText(p.monthlySavings.claimed, p.monthlySavings.currency)}
            </Cell>
            <Cell label="Recomputed" className="num">
              {moneyText(p.monthlySavings.recomputed, p.monthlySavings.currency)}
            </Cell>
            <Cell label="Risk">{risk ? <RiskPill risk={risk} /> : <span className="muted">—</span>}</Cell>
            <Cell label="Status">
              <ProposalStatusPill status={p.status} />
            </Cell>
            <Cell label="Created">
              <span className="nowrap">{minuteText(p.createdAt)}</span>
              <div className="muted small">by {p.requestedBy}</div>
            </Cell>
          </tr>
        );
      }}
    />
  );
}
