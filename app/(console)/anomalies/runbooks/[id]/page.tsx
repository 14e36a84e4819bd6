import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { getRunbook } from "@/lib/runbooks/get-runbook";
import { listRuns } from "@/lib/runbooks/list-runs";
import { Card } from "../../../_components/card";
import { PageHeader } from "../../../_components/not-built";
import { orNotFound } from "../../../_components/or-not-found";
import { DeleteRunbook } from "../delete-runbook";
import { DryRunPanel } from "../dry-run-panel";
import { RunbookDetails } from "../runbook-details";
import { RunbookForm } from "../runbook-form";
import { RunList } from "../runbook-runs";

export const metadata: Metadata = { title: "Runbook" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** An admin edits (or deletes) the runbook here; others read it; whoever may run one can dry-run it. */
export default async function RunbookPage({ params }: Props) {
  const { ctx } = await pageCtx("read");
  const runbook = await orNotFound(getRunbook(ctx, (await params).id));
  const runs = await listRuns(ctx, { runbookId: runbook.id, limit: 20 });
  const manage = can(ctx.actor, "runbooks:manage");
  return (
    <>
      <PageHeader
        title={runbook.name}
        subtitle={runbook.description || "A call to your automation"}
        back={{ href: "/anomalies/runbooks", label: "← Runbooks" }}
      />
      {manage ? (
        <Card
          id="edit-title"
          title="Edit"
          note={`version ${runbook.version}; runs proposed before a change are not sent`}
          aside={<DeleteRunbook id={runbook.id} name={runbook.name} />}
        >
          <RunbookForm edit={runbook} />
        </Card>
      ) : (
        <Card id="runbook-title" title="Runbook" note="only an admin can change it">
          <RunbookDetails runbook={runbook} />
        </Card>
      )}
      {can(ctx.actor, "runbooks:run") && (
        <Card id="dry-run-title" title="Dry run" note="the exact request it would send; nothing is sent">
          <DryRunPanel runbookId={runbook.id} />
        </Card>
      )}
      <Card id="runs-title" title="Runs" note="the last 20, newest first; each is in the audit trail">
        {runs.items.length === 0 && <p className="empty-note">It has not been proposed or run yet.</p>}
        <RunList runs={runs.items} canRun={can(ctx.actor, "runbooks:run")} showAnswers />
      </Card>
    </>
  );
}
