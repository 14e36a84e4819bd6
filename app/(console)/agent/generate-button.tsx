"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { sendJson } from "../_components/send-json";
import { useHydrated } from "../_components/use-hydrated";
import styles from "./agent.module.css";

/** What a run reports (GenerateResult on branch agent-prop); read loosely, only its counts are shown. */
type Outcome = { source?: string; stored?: number; valid?: number; rejected?: number };

const outcomeText = (o: Outcome) =>
  typeof o.stored === "number"
    ? `Done (${o.source ?? "agent"}): ${o.stored} stored, ${o.valid ?? 0} valid, ${o.rejected ?? 0} rejected.`
    : "Done: the list below is up to date.";

/** "Generate now": runs the agent (or its templates) at once rather than at the worker's next run. */
export function GenerateButton() {
  const router = useRouter();
  const ready = useHydrated();
  const generate = useMutation({
    mutationFn: () => sendJson<Outcome>("/api/v1/proposals/generate", "POST"),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className={styles.generate}>
      <button
        type="button"
        className="button button-primary"
        onClick={() => generate.mutate()}
        disabled={!ready || generate.isPending}
      >
        {generate.isPending ? "Generating…" : "Generate now"}
      </button>
      {generate.isPending && (
        <span className="muted small" role="status">
          Running the agent; this can take a minute with a model.
        </span>
      )}
      {generate.isSuccess && (
        <span className="muted small" role="status" data-testid="generate-done">
          {outcomeText(generate.data)}
        </span>
      )}
      {generate.error && (
        <span className="form-error" role="alert" data-testid="generate-error">
          {generate.error.message}
        </span>
      )}
    </div>
  );
}
