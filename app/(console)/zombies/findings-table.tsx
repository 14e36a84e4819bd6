import Link from "next/link";
import type { ReactNode } from "react";
import type { FindingView } from "@/lib/zombies/finding-records";
import { Cell } from "../_components/cell";
import { DataTable, num } from "../_components/data-table";
import { ProtectedPill, StatusPill } from "./status-pill";
import { ruleLabel, savingsText, zombiesHref } from "./zombie-format";
import styles from "./zombies.module.css";

type Extra = { label: string; cell: (f: FindingView) => ReactNode };

/** What names a resource best: its name, else its address, else its cloud id. */
export const resourceName = (f: Pick<FindingView, "name" | "address" | "resourceId">) =>
  f.name ?? f.address ?? f.resourceId;

/** Findings with their rule and confidence, savings, status and owner; each opens the finding's page. */
export function FindingsTable({
  items,
  empty,
  extra,
}: {
  items: FindingView[];
  empty: string;
  /** One more column (the queue's deadline), after the status. */
  extra?: Extra;
}) {
  return (
    <DataTable
      testId="zombie-findings"
      stacked
      columns={[
        "Resource",
        "Rule",
        num("Per month"),
        "Status",
        extra ? extra.label : false,
        "Owner / team",
        "Environment",
      ]}
      items={items}
      empty={empty}
      row={(f) => <FindingRow key={f.id} f={f} extra={extra} />}
    />
  );
}

function FindingRow({ f, extra }: { f: FindingView; extra?: Extra }) {
  const name = resourceName(f);
  const full = [f.name, f.address, f.arn, f.resourceId].filter(Boolean).join("\n");
  return (
    <tr>
      <Cell label="Resource" className={styles.resourceCell}>
        <Link href={`/zombies/${f.id}`} className={`${styles.resource} mono`} title={full}>
          {name}
        </Link>
        {name !== f.resourceId && (
          <span className={`${styles.resource} muted small mono`} title={f.resourceId}>
            {f.resourceId}
          </span>
        )}
        {f.protected && <ProtectedPill reason={f.protectedReason} />}
      </Cell>
      <Cell label="Rule">
        {ruleLabel(f.rule)}
        <div className="muted small">{f.confidence} confidence</div>
      </Cell>
      <Cell label="Savings" className="num">
        {savingsText(f.monthlySavings, f.currency)}
      </Cell>
      <Cell label="Status">
        <StatusPill status={f.status} />
      </Cell>
      {extra && <Cell label={extra.label}>{extra.cell(f)}</Cell>}
      <Cell label="Owner / team">
        {f.owner && (
          <span className={styles.person} title={f.owner}>
            {f.owner}
          </span>
        )}
        {f.team ? (
          <Link href={zombiesHref({ team: f.team })} className={styles.person} title={`Team ${f.team}'s findings`}>
            {f.team}
          </Link>
        ) : (
          !f.owner && <span className="muted">nobody</span>
        )}
      </Cell>
      <Cell label="Environment">{f.environment ?? <span className="muted">–</span>}</Cell>
    </tr>
  );
}
