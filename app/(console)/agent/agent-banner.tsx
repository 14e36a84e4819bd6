import type { AgentMode } from "@/lib/settings/agent-mode";
import styles from "./agent.module.css";

/**
 * Whether proposals come from a model or from Vigil's templates: "rule-based" without a model, or
 * while an admin has switched the configured one off.
 */
export function AgentBanner({ mode }: { mode: AgentMode }) {
  if (mode.mode === "llm")
    return (
      <p className={styles.banner} data-testid="agent-mode">
        <strong>LLM-backed</strong>: the agent asks the model <span className="mono">{mode.model}</span>
        {mode.endpointHost && <> at {mode.endpointHost}</>}, through read-only tools; every proposal is checked against
        the inventory, the bill and the policies before it is listed, and nothing is applied without approval.
      </p>
    );
  return (
    <p className={styles.banner} data-testid="agent-mode">
      <strong>rule-based</strong>:{" "}
      {mode.model ? (
        <>
          the configured model <span className="mono">{mode.model}</span> is switched off in Settings, so
        </>
      ) : (
        <>no model is configured (VIGIL_LLM_MODEL), so</>
      )}{" "}
      proposals come from Vigil&apos;s templates per finding kind, checked the same way; nothing is applied without
      approval.
    </p>
  );
}
