import type { ExplanationProposal } from "@/lib/agent/schemas";
import { EvidenceLink } from "./evidence-link";
import styles from "./agent.module.css";

/**
 * An explanation's claims, each with the evidence it cites as links; a claim that cites nothing is
 * flagged "no citation" (the view's `uncited` indexes, or an empty citation list).
 */
export function ClaimsList({ claims, uncited }: { claims: ExplanationProposal["claims"]; uncited: number[] }) {
  const flagged = new Set(uncited);
  return (
    <ol className={styles.claims} data-testid="claims">
      {claims.map((claim, index) => {
        const bare = flagged.has(index) || claim.citations.length === 0;
        return (
          <li key={index} data-testid="claim">
            <span>{claim.text}</span>
            {bare && (
              <span className={styles.uncited} data-testid="uncited">
                no citation
              </span>
            )}
            {claim.citations.length > 0 && (
              <div className={styles.citations}>
                {claim.citations.map((citation, at) => (
                  <EvidenceLink key={`${citation}-${at}`} id={citation} />
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
