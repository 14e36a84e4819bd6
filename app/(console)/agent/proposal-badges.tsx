import type { ProposalSource } from "@/lib/proposals/types";
import { sourceText, STATUS_LABELS, statusTone } from "./proposal-format";
import styles from "./agent.module.css";

/** Where a proposal stands, as a coloured word. */
export function ProposalStatusPill({ status }: { status: string }) {
  const label = Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status as keyof typeof STATUS_LABELS] : status;
  return (
    <span className={`${styles.status} ${styles[statusTone(status)]}`} data-testid="proposal-status">
      {label}
    </span>
  );
}

/** "rule-based", or "LLM · <model>": who wrote the proposal. */
export function SourceBadge({ source, model }: { source: ProposalSource; model: string | null }) {
  const text = sourceText(source, model);
  return (
    <span className={source === "llm" ? styles.sourceLlm : styles.source} title={text} data-testid="proposal-source">
      {text}
    </span>
  );
}

const RISK_TONES = { low: "ok", medium: "warn", high: "bad" } as const;

/** A refactor's risk: low, medium or high. */
export function RiskPill({ risk }: { risk: "low" | "medium" | "high" }) {
  return <span className={`${styles.status} ${styles[RISK_TONES[risk]]}`}>{risk} risk</span>;
}
