import { type Ctx, can } from "@/lib/context";
import { listRuns } from "@/lib/runbooks/list-runs";
import { runbooksFor } from "@/lib/runbooks/runbooks-for";
import { Card } from "../../_components/card";
import { RunbookRuns } from "../../anomalies/runbooks/runbook-runs";

/**
 * The runbooks attached to this SLO's alerts and their runs: an alert that fires proposes them (a
 * person approves), and anyone who may run them can propose one for the latest alert here.
 */
export async function SloRunbooks({ ctx, sloId }: { ctx: Ctx; sloId: string }) {
  const [runbooks, runs] = await Promise.all([runbooksFor(ctx, { sloId }), listRuns(ctx, { sloId, limit: 20 })]);
  return (
    <Card
      id="runbooks-title"
      title="Runbooks"
      note="proposed when an alert fires; run only once someone approves (a second person in production)"
    >
      <RunbookRuns
        subject={{
          runsUrl: `/api/v1/slos/${sloId}/runs`,
          dryRunFor: { sloId },
          attachedTo: "SLO alerts of this service",
        }}
        runbooks={runbooks}
        runs={runs.items}
        canRun={can(ctx.actor, "runbooks:run")}
      />
    </Card>
  );
}
