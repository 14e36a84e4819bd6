import Link from "next/link";
import type { ProposalListItem } from "@/lib/proposals/types";
import { Cell } from "../_components/cell";
import { DataTable, num } from "../_components/data-table";
import { RiskPill, ProposalStatusPill, SourceBadge } from "./proposal-badges";
import { KIND_LABELS, minuteText, moneyText } from "./proposal-format";
import styles from "./agent.module.css";

/** The first few targets, the rest counted; each whole on its own line. */
export function TargetList({ targets, max = 3, clip }: { targets: string[]; max?: number; clip?: boolean }) {
  if (!targets.length) return <span className="muted">—</span>;
  const shown = targets.slice(0, max);
  return (
    <ul className={`${styles.targets} ${clip ? styles.clipped : ""} mono`}>
      {shown.map((target) => (
        <li key={target} title={target}>
          {target}
        </li>
      ))}
      {targets.length > shown.length && <li className="muted">+{targets.length - shown.length} more</li>}
    </ul>
  );
}

/** The bill's recomputed figure, the claim under it; each in its own currency. */
function SavingFigures({ saving }: { saving: ProposalListItem["monthlySavings"] }) {
  if (saving.claimed === null && saving.recomputed === null) return <span className="muted">—</span>;
  return (
    <>
      <span title="recomputed from the bill">{moneyText(saving.recomputed, saving.currency)}</span>
      <div className="muted small">claimed {moneyText(saving.claimed, saving.currency)}</div>
    </>
  );
}

/**
 * Proposals with their source, targets, the recomputed and the claimed monthly saving (each in its
 * currency), status and a refactor's risk, and age; each opens its page.
 */
export function ProposalsTable({ items, empty }: { items: ProposalListItem[]; empty: string }) {
  return (
    <DataTable
      testId="proposal-list"
      stacked
      columns={["Proposal", "Targets", num("Saving / month"), "Status", "Created"]}
      items={items}
      empty={empty}
      row={(p) => {
        const risk = p.risk;
        return (
          <tr key={p.id} data-testid="proposal-row" data-kind={p.kind}>
            <Cell label="Proposal" className={styles.titleCell}>
              <Link href={`/agent/${p.id}`}>{p.title}</Link>
              <div className={styles.kindLine}>
                <span className="muted small">{KIND_LABELS[p.kind] ?? p.kind}</span>
                <SourceBadge source={p.source} model={p.model} />
              </div>
            </Cell>
            <Cell label="Targets">
              <TargetList targets={p.targets} clip />
            </Cell>
            <Cell label="Saving" className="num">
              <SavingFigures saving={p.monthlySavings} />
            </Cell>
            <Cell label="Status">
              <ProposalStatusPill status={p.status} />
              {risk && (
                <div>
                  <RiskPill risk={risk} />
                </div>
              )}
            </Cell>
            <Cell label="Created">
              <span>{minuteText(p.createdAt)}</span>
              <div className="muted small">by {p.requestedBy}</div>
            </Cell>
          </tr>
        );
      }}
    />
  );
}
