import styles from "./agent.module.css";

/** Whether proposals come from a model or from Vigil's templates: with no model configured, "rule-based". */
export function AgentBanner({ model }: { model: string | null }) {
  return (
    <p className={styles.banner} data-testid="agent-mode">
      {model ? (
        <>
          <strong>LLM-backed</strong>: the agent asks the model <span className="mono">{model}</span>, through read-only
          tools; every proposal is checked against the inventory, the bill and the policies before it is listed, and
          nothing is applied without approval.
        </>
      ) : (
        <>
          <strong>rule-based</strong>: no model is configured (VIGIL_LLM_MODEL), so proposals come from Vigil&apos;s
          templates per finding kind, checked the same way; nothing is applied without approval.
        </>
      )}
    </p>
  );
}
