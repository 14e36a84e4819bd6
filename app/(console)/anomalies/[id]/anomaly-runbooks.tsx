import { can, type Ctx } from "@/lib/context";
import { listRuns } from "@/lib/runbooks/list-runs";
import { runbooksFor } from "@/lib/runbooks/runbooks-for";
import { Card } from "../../_components/card";
import { RunbookRuns } from "../runbooks/runbook-runs";

/** The runbooks attached to the anomaly's series and service, and the runs proposed for it. */
export async function AnomalyRunbooks({ ctx, anomalyId }: { ctx: Ctx; anomalyId: string }) {
  const [runbooks, runs] = await Promise.all([
    runbooksFor(ctx, { anomalyId }),
    listRuns(ctx, { anomalyId, limit: 20 }),
  ]);
  return (
    <Card
      id="runbooks-title"
      title="Runbooks"
      note="your automation, run only once someone approves (a second person in production)"
    >
      <RunbookRuns
        subject={{
          runsUrl: `/api/v1/anomalies/${anomalyId}/runs`,
          dryRunFor: { anomalyId },
          attachedTo: "this series and service",
        }}
        runbooks={runbooks}
        runs={runs.items}
        canRun={can(ctx.actor, "runbooks:run")}
      />
    </Card>
  );
}
