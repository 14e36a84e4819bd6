import type { Check } from "@/lib/agent/schemas";
import { EvidenceLink } from "../evidence-link";
import styles from "../agent.module.css";

/** Every check the validator ran, passed or failed, with its detail. */
export function ChecksList({ checks }: { checks: Check[] }) {
  if (!checks.length) return <p className="empty-note">No checks recorded.</p>;
  return (
    <ul className={styles.checks} data-testid="proposal-checks">
      {checks.map((check, index) => (
        <li key={`${check.name}-${index}`} data-testid="check" data-passed={check.passed}>
          <span className={check.passed ? styles.passed : styles.failed}>{check.passed ? "passed" : "failed"}</span>{" "}
          <strong className="mono">{check.name}</strong>
          {check.detail && <span className="muted"> · {check.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The evidence the proposal relies on, each a link to its page where Vigil has one. */
export function EvidenceIds({ ids }: { ids: string[] }) {
  if (!ids.length) return <p className="empty-note">The proposal cites no evidence.</p>;
  return (
    <ul className={styles.evidence} data-testid="proposal-evidence">
      {[...new Set(ids)].map((id) => (
        <li key={id}>
          <EvidenceLink id={id} />
        </li>
      ))}
    </ul>
  );
}
