"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { ProposalView } from "@/lib/proposals/types";
import { sendJson } from "../_components/send-json";
import { useHydrated } from "../_components/use-hydrated";
import { ClaimsList } from "./claims-list";
import { SourceBadge } from "./proposal-badges";
import { rejectedText } from "./proposal-format";
import styles from "./agent.module.css";

/** The stored explanation: who wrote it, its claims with their citations, and its proposal page. */
function Answer({ view }: { view: ProposalView }) {
  const p = view.proposal;
  return (
    <div className={styles.answer} data-testid="ask-vigil-answer">
      <p className="small">
        <SourceBadge source={view.source} model={view.model} />{" "}
        <Link href={`/agent/${view.id}`} data-testid="ask-vigil-proposal">
          Open it as a proposal →
        </Link>
      </p>
      {view.status === "rejected" && (
        <p className="form-error" role="alert">
          {rejectedText(view.checks)}
        </p>
      )}
      {p?.kind === "explanation" ? (
        <ClaimsList claims={p.claims} uncited={view.uncited} />
      ) : (
        <p className="muted">The answer did not parse as an explanation.</p>
      )}
    </div>
  );
}

/**
 * "Ask Vigil": explains a subject (anomaly:<id>, slo-alert:<id>, zombie:<id>, policy-finding:<id>,
 * drift:<id>) with the evidence it used cited, from the model or, without one, the rule-based
 * templates; the explanation is stored as a proposal and shown here.
 */
export function AskVigil({ subject }: { subject: string }) {
  const ready = useHydrated();
  const ask = useMutation({
    mutationFn: () => sendJson<ProposalView>("/api/v1/explanations", "POST", { subject }),
  });
  return (
    <div className={styles.ask} data-testid="ask-vigil">
      <div className={styles.askHead}>
        <button type="button" className="button" disabled={!ready || ask.isPending} onClick={() => ask.mutate()}>
          {ask.isPending ? "Asking Vigil…" : ask.isSuccess ? "Ask Vigil again" : "Ask Vigil"}
        </button>
        {ask.isPending && (
          <span className="muted small" role="status" data-testid="ask-vigil-progress">
            Gathering the evidence and writing the explanation…
          </span>
        )}
      </div>
      {ask.error && (
        <p className="form-error" role="alert" data-testid="ask-vigil-error">
          {ask.error instanceof TypeError ? "Could not reach Vigil" : ask.error.message}
        </p>
      )}
      {ask.data && !ask.isPending && <Answer view={ask.data} />}
    </div>
  );
}
