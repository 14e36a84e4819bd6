import type { ProposalView } from "@/lib/proposals/types";
import { minuteText, sourceText } from "../proposal-format";
import styles from "../agent.module.css";

const DECIDED: Record<string, string> = { approved: "Approved", declined: "Rejected" };

/** Who proposed it and when, then who decided, when and why. */
export function DecisionHistory({ view }: { view: ProposalView }) {
  return (
    <ol className={styles.history} data-testid="decision-history">
      <li>
        <strong>Proposed</strong> ({sourceText(view.source, view.model)})
        <div className="muted small">
          {minuteText(view.createdAt)} · {view.requestedBy}
        </div>
      </li>
      {view.decidedAt && (
        <li data-testid="decision-entry">
          <strong>{DECIDED[view.status] ?? `Decided (${view.status})`}</strong>
          <div className="muted small">
            {minuteText(view.decidedAt)} · {view.decidedBy ?? "unknown"}
          </div>
          {view.decisionReason && <p className={styles.prose}>“{view.decisionReason}”</p>}
        </li>
      )}
    </ol>
  );
}
