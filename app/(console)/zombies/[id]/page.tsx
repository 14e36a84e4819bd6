import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { getZombie } from "@/lib/zombies/get-zombie";
import { AskVigilCard } from "../../agent/ask-vigil-card";
import { orNotFound } from "../../_components/or-not-found";
import { Card } from "../../_components/card";
import { PageHeader } from "../../_components/not-built";
import { evidenceOf } from "../evidence";
import { resourceName } from "../findings-table";
import { actionsFor } from "./decision-body";
import { DecisionPanel } from "./decision-panel";
import { EvidenceList } from "./evidence-list";
import { FindingFacts } from "./finding-facts";
import { Approvals, FindingHistory, FindingPlans } from "./finding-history";
import styles from "./finding.module.css";

export const metadata: Metadata = { title: "Zombie finding" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The finding as GET /api/v1/zombies/{id} gives it, or the not-found page for an id that is none. */
export default async function FindingPage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  const { finding: f, history, plans } = await orNotFound(getZombie(ctx, (await params).id));
  const evidence = evidenceOf(f.evidence);
  const actions = can(ctx.actor, "costs:manage") ? actionsFor(f) : [];
  const name = f.name ?? f.resourceId;
  return (
    <>
      <PageHeader
        title={resourceName(f)}
        subtitle={`${f.kind} found idle by the ${f.rule} rule`}
        back={{ href: "/zombies", label: "← Zombies" }}
      />
      <section className="card" aria-label="The finding">
        <p className={styles.summary} data-testid="zombie-summary">
          {f.summary}
        </p>
        <FindingFacts f={f} confidenceReason={evidence.confidenceReason} now={new Date()} />
        {f.protected && (
          <p className={styles.protectedNote} data-testid="protection">
            Protected, never proposed for teardown: {f.protectedReason ?? "protected"}.
          </p>
        )}
        <p className={styles.links}>
          <Link href={`/costs?${new URLSearchParams({ resource: f.resourceId })}`}>Cost lines of this resource →</Link>
          {f.service && <Link href={`/services/${encodeURIComponent(f.service)}`}>Traces of {f.service} →</Link>}
        </p>
      </section>
      <Card id="evidence-title" title="Evidence" note="the numbers the rule decided on; dashed: the threshold">
        <EvidenceList evidence={evidence} />
      </Card>
      <AskVigilCard ctx={ctx} subject={`zombie:${f.id}`} />
      <Card
        id="decision-title"
        title="Decision"
        note={f.secondApproval ? "production-like: two approvers, each typing the name" : undefined}
      >
        <Approvals finding={f} />
        {actions.length > 0 && (
          <DecisionPanel id={f.id} actions={actions} secondApproval={f.secondApproval} name={name} />
        )}
      </Card>
      <Card id="plans-title" title="Teardown plans" note="Vigil never runs them: apply through your own pipeline">
        <FindingPlans plans={plans} />
      </Card>
      <Card id="history-title" title="History" note="oldest first, the last 200 steps">
        <FindingHistory history={history} />
      </Card>
    </>
  );
}
