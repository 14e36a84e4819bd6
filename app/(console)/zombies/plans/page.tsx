import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { firstValue, type SearchParams } from "@/lib/http/page-params";
import { listTeardownPlans } from "@/lib/zombies/teardown-plans";
import { Card } from "../../_components/card";
import { Cell } from "../../_components/cell";
import { DataTable } from "../../_components/data-table";
import { Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { OlderPage } from "../../_components/older-page";
import { StatusPill } from "../status-pill";
import { minuteText, ruleLabel } from "../zombie-format";
import { ZombieTabs } from "../zombie-tabs";
import styles from "../zombies.module.css";

export const metadata: Metadata = { title: "Teardown plans" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };
type Plan = Awaited<ReturnType<typeof listTeardownPlans>>["items"][number];

async function readPlans(ctx: Ctx, cursor: string | undefined) {
  try {
    return { ...(await listTeardownPlans(ctx, { cursor, limit: 50 })), problem: null };
  } catch (err) {
    if (err instanceof VigilError && err.code === "bad_request")
      return { items: [], nextCursor: null, problem: err.message };
    throw err;
  }
}

export default async function PlansPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const plans = await readPlans(ctx, firstValue((await searchParams).cursor) || undefined);
  return (
    <>
      <PageHeader
        title="Teardown plans"
        subtitle="What approved findings yield: a Terraform patch with a removed block, or a dry-run-first AWS CLI script. Vigil never runs them; apply them through your own pipeline."
      />
      <ZombieTabs current="plans" />
      <Card id="plans-title" title="Plans" note="newest first, 50 a page">
        {plans.problem && <Problem testId="invalid-parameter">Invalid parameter: {plans.problem}</Problem>}
        <DataTable
          testId="teardown-plans"
          stacked
          columns={["File", "Resource", "Rule", "Status", "Check with", "Created"]}
          items={plans.items}
          empty="No plans yet: approving a finding writes one."
          row={(plan) => <PlanRow key={plan.id} plan={plan} />}
        />
        <OlderPage path="/zombies/plans" param="cursor" value={plans.nextCursor} label="Older plans" />
      </Card>
    </>
  );
}

function PlanRow({ plan }: { plan: Plan }) {
  return (
    <tr>
      <Cell label="File" className={styles.resourceCell}>
        <a
          href={`/api/v1/zombies/plans/${plan.id}`}
          download={plan.fileName}
          className={`${styles.resource} mono`}
          title={plan.fileName}
        >
          {plan.fileName}
        </a>
        <span className="muted small">{plan.kind === "terraform" ? "Terraform patch" : "AWS CLI script"}</span>
      </Cell>
      <Cell label="Resource" className={styles.resourceCell}>
        <Link href={`/zombies/${plan.findingId}`} className={`${styles.resource} mono`} title={plan.resourceId}>
          {plan.resourceId}
        </Link>
      </Cell>
      <Cell label="Rule">{ruleLabel(plan.rule)}</Cell>
      <Cell label="Status">
        <StatusPill status={plan.status} />
      </Cell>
      <Cell label="Check with" className={styles.resourceCell}>
        <code className={styles.person} title={plan.checkCommand}>
          {plan.checkCommand}
        </code>
      </Cell>
      <Cell label="Created">
        <span className="nowrap">{minuteText(plan.createdAt)}</span>
        <div className="muted small">by {plan.createdBy}</div>
      </Cell>
    </tr>
  );
}
