import { formatBudget, STATUS_LABELS, type SloStatusName } from "./slo-format";
import styles from "./slos.module.css";

/** The SLO's state as a coloured word: ok, warning, critical, budget exhausted, no data. */
export function SloStatusBadge({ status }: { status: SloStatusName }) {
  return (
    <span className={`${styles.status} ${styles[status]}`} data-testid="slo-status">
      {STATUS_LABELS[status]}
    </span>
  );
}

/** The error budget left as a short bar and its figure; an overspent budget shows an empty bar. */
export function BudgetBar({ remaining }: { remaining: number | null }) {
  const width = remaining === null ? 0 : Math.min(Math.max(remaining, 0), 1) * 100;
  const tone = remaining === null ? "" : remaining <= 0 ? styles.barBad : remaining < 0.25 ? styles.barWarn : "";
  return (
    <span className={styles.budget}>
      <span className={styles.bar} aria-hidden>
        <span className={`${styles.barFill} ${tone}`} style={{ width: `${width}%` }} />
      </span>
      <span data-testid="budget-remaining">{formatBudget(remaining)}</span>
    </span>
  );
}
