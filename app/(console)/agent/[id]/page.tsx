import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can, type Ctx } from "@/lib/context";
import { getProposal } from "@/lib/proposals/get-proposal";
import type { ProposalView } from "@/lib/proposals/types";
import { isUuid } from "@/lib/validation";
import { Card } from "../../_components/card";
import { PageHeader } from "../../_components/not-built";
import { orNotFound } from "../../_components/or-not-found";
import { ProposalStatusPill, SourceBadge } from "../proposal-badges";
import { deciderPermission, KIND_LABELS, minuteText, moneyText, rejectedText } from "../proposal-format";
import styles from "../agent.module.css";
import { AfterApproval } from "./after-approval";
import { ChecksList, EvidenceIds } from "./checks-list";
import { DecisionForm } from "./decision-form";
import { DecisionHistory } from "./decision-history";
import { evidenceOf, ProposalBody } from "./proposal-body";

export const metadata: Metadata = { title: "Agent proposal" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const DECIDERS: Record<string, string> = {
  "services:manage": "SREs and admins",
  "costs:manage": "FinOps and admins",
};

function Facts({ view }: { view: ProposalView }) {
  const s = view.monthlySavings;
  return (
    <dl className={`facts ${styles.facts}`}>
      <dt>Status</dt>
      <dd>
        <ProposalStatusPill status={view.status} />
      </dd>
      <dt>Kind</dt>
      <dd>{KIND_LABELS[view.kind] ?? view.kind}</dd>
      <dt>Source</dt>
      <dd>
        <SourceBadge source={view.source} model={view.model} />
        {view.runId && <span className="muted small mono"> run {view.runId}</span>}
      </dd>
      {(s.claimed !== null || s.recomputed !== null) && (
        <>
          <dt>Saving a month</dt>
          <dd data-testid="proposal-saving">
            {moneyText(s.recomputed, s.currency)} recomputed from the bill
            <span className="muted"> · {moneyText(s.claimed, s.currency)} claimed</span>
          </dd>
        </>
      )}
      <dt>Created</dt>
      <dd>
        {minuteText(view.createdAt)} by {view.requestedBy}
      </dd>
    </dl>
  );
}

/** Approve / reject for those who may decide this kind, or why there is nothing to decide. */
function Decision({ ctx, view }: { ctx: Ctx; view: ProposalView }) {
  const permission = deciderPermission(view.kind);
  if (view.status === "approved") return <AfterApproval view={view} />;
  if (view.status === "declined")
    return (
      <p className="muted">Rejected by {view.decidedBy ?? "someone"}: nothing is applied. The history says why.</p>
    );
  if (view.status !== "valid")
    return <p className="muted">A {view.status} proposal is not decided: it stays here with its checks.</p>;
  if (!permission) return <p className="muted">Explanations are read, not decided.</p>;
  if (!can(ctx.actor, permission))
    return (
      <p className="muted" data-testid="decision-not-yours">
        {DECIDERS[permission]} decide {view.kind} proposals.
      </p>
    );
  const label =
    view.kind === "teardown" ? "Approve teardown" : view.kind === "attribution" ? "Approve mapping" : "Approve";
  return <DecisionForm id={view.id} approveLabel={label} />;
}

/** The proposal as GET /api/v1/proposals/{id} gives it, or the not-found page for an id that is none. */
export default async function ProposalPage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const view = await orNotFound(getProposal(ctx, id));
  return (
    <>
      <PageHeader
        title={view.title}
        subtitle={`${KIND_LABELS[view.kind] ?? view.kind} proposal`}
        back={{ href: "/agent", label: "← Agent suggestions" }}
      />
      {view.status === "rejected" && (
        <p className={styles.rejected} role="alert" data-testid="proposal-rejected">
          {rejectedText(view.checks)}
        </p>
      )}
      <section className="card" aria-label="The proposal">
        <Facts view={view} />
      </section>
      <ProposalBody view={view} />
      <Card id="checks-title" title="Checks" note="run before anyone saw it; any failure rejects">
        <ChecksList checks={view.checks} />
      </Card>
      <Card id="evidence-title" title="Evidence" note="what Vigil holds that the proposal relies on">
        <EvidenceIds ids={evidenceOf(view)} />
      </Card>
      <Card id="decision-title" title="Decision">
        <Decision ctx={ctx} view={view} />
      </Card>
      <Card id="history-title" title="History">
        <DecisionHistory view={view} />
      </Card>
    </>
  );
}
