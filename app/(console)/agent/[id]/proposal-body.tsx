import Link from "next/link";
import type {
  AttributionMapping,
  AttributionProposal,
  ExplanationProposal,
  RefactorProposal,
  TeardownProposal,
} from "@/lib/agent/schemas";
import type { ProposalView } from "@/lib/proposals/types";
import { Card } from "../../_components/card";
import { ClaimsList } from "../claims-list";
import { EvidenceLink } from "../evidence-link";
import { RiskPill } from "../proposal-badges";
import { TargetList } from "../proposals-table";
import styles from "../agent.module.css";
import { DiffView } from "./diff-view";

/** The refactor: its patch as a diff, what it touches, why, the risk and how to undo it. */
function RefactorBody({ p }: { p: RefactorProposal }) {
  return (
    <>
      <Card id="patch-title" title="The patch" note={p.module ? `in ${p.module}` : "in the root module"}>
        <DiffView patch={p.patch} />
      </Card>
      <Card id="refactor-title" title="What it changes and why" aside={<RiskPill risk={p.risk} />}>
        <dl className={`facts ${styles.facts}`}>
          <dt>Targets</dt>
          <dd>
            <TargetList targets={p.targets} max={p.targets.length} />
          </dd>
          <dt>Rationale</dt>
          <dd className={styles.prose}>{p.rationale}</dd>
          <dt>Risk</dt>
          <dd>{p.risk}</dd>
          <dt>Rollback</dt>
          <dd className={styles.prose}>{p.rollback}</dd>
          {p.saving && (
            <>
              <dt>Saving method</dt>
              <dd className={styles.prose}>{p.saving.method}</dd>
            </>
          )}
        </dl>
      </Card>
    </>
  );
}

/** The teardown: the zombie findings it points at and the judgement the rules could not make. */
function TeardownBody({ p }: { p: TeardownProposal }) {
  return (
    <Card id="teardown-title" title="Teardown" note={`${p.findingIds.length} zombie finding(s)`}>
      <ul className={styles.findings} data-testid="teardown-findings">
        {p.findingIds.map((id) => (
          <li key={id}>
            <Link href={`/zombies/${id}`} className="mono">
              zombie finding {id}
            </Link>
          </li>
        ))}
      </ul>
      <h3 className={styles.subhead}>Judgement</h3>
      <p className={styles.prose}>{p.judgement}</p>
      {p.saving && <p className="muted small">Saving estimated by: {p.saving.method}</p>}
    </Card>
  );
}

export function mappingText(m: AttributionMapping): string {
  if (m.type === "tag-rule") return `cost lines tagged ${m.tagKey}=${m.tagValue} → feature ${m.feature}`;
  return `${m.resourceIds.length} resource(s) → feature ${m.feature}`;
}

/** The attribution: the mapping, and the unallocated spend the validator found it would take. */
function AttributionBody({ p, view }: { p: AttributionProposal; view: ProposalView }) {
  const matched = view.checks.find((check) => check.name === "matches-unallocated");
  return (
    <Card id="attribution-title" title="Attribution" note="spend left __unallocated__, mapped to a feature">
      <p data-testid="attribution-mapping">
        <strong>{p.mapping.type === "tag-rule" ? "Tag rule" : "Resources to a feature"}:</strong>{" "}
        {mappingText(p.mapping)}
      </p>
      {p.mapping.type === "resource-feature" && (
        <ul className={`${styles.findings} mono`}>
          {p.mapping.resourceIds.map((id) => (
            <li key={id}>
              <EvidenceLink id={`bill:${id}`} />
            </li>
          ))}
        </ul>
      )}
      <p data-testid="attribution-unallocated">
        Unallocated spend it would take:{" "}
        {matched ? matched.detail : <span className="muted">not measured (no matches-unallocated check)</span>}
      </p>
      <h3 className={styles.subhead}>Rationale</h3>
      <p className={styles.prose}>{p.rationale}</p>
    </Card>
  );
}

/** The explanation: what it explains, and its claims with their citations. */
function ExplanationBody({ p, uncited }: { p: ExplanationProposal; uncited: number[] }) {
  return (
    <Card id="explanation-title" title="Explanation" note={<EvidenceLink id={p.subject} />}>
      <ClaimsList claims={p.claims} uncited={uncited} />
    </Card>
  );
}

/** The kind's own part of the page; the model's raw answer when it did not parse. */
export function ProposalBody({ view }: { view: ProposalView }) {
  const p = view.proposal;
  if (!p)
    return (
      <Card id="raw-title" title="The answer, as received" note="it did not parse as a proposal">
        <pre className={`${styles.diff} ${styles.prose}`}>{view.raw ?? "(empty)"}</pre>
      </Card>
    );
  if (p.kind === "refactor") return <RefactorBody p={p} />;
  if (p.kind === "teardown") return <TeardownBody p={p} />;
  if (p.kind === "attribution") return <AttributionBody p={p} view={view} />;
  return <ExplanationBody p={p} uncited={view.uncited} />;
}

/** The ids the proposal relies on: its evidence list, or an explanation's citations. */
export function evidenceOf(view: ProposalView): string[] {
  const p = view.proposal;
  if (!p) return [];
  if (p.kind === "explanation") return p.claims.flatMap((claim) => claim.citations);
  return p.evidenceIds;
}
