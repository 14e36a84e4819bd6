import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { requestView } from "./build-request";
import { anomalyForRun, MATCHES_ANOMALY, templateVars } from "./run-anomaly";
import { runbookById } from "./runbook-rows";
import { runById, type RunView, toRunView } from "./run-rows";
import { ProposeRunInput } from "./schemas";

const INSERT = `INSERT INTO runbook_run (runbook_id, runbook_name, runbook_version, anomaly_id, environment, state,
  request, proposed_by, proposed_by_id) VALUES ($1, $2, $3, $4, $5, 'awaiting_approval', $6::jsonb, $7, $8)
  ON CONFLICT (runbook_id, anomaly_id) WHERE state = 'awaiting_approval' DO NOTHING RETURNING id`;

/**
 * Proposes running a runbook for an anomaly: the exact request is rendered now and kept (secret
 * values redacted) for the approver to see; nothing is sent until someone approves it.
 */
export async function proposeRun(ctx: Ctx, input: unknown): Promise<RunView> {
  authorize(ctx, "runbooks:run");
  const { runbookId, anomalyId } = parseInput(ProposeRunInput, input);
  return sqlTransaction(async (client) => {
    const runbook = await runbookById(client, runbookId);
    const anomaly = await anomalyForRun(client, anomalyId);
    const applies = await client.query(`SELECT 1 FROM runbook r WHERE r.id = $4 AND ${MATCHES_ANOMALY}`, [
      anomaly.series,
      anomaly.service,
      anomaly.environment,
      runbook.id,
    ]);
    if (!applies.rowCount)
      throw new VigilError(
        "bad_request",
        `runbookId: ${runbook.name} is not attached to ${anomaly.series} anomalies of ${anomaly.service} in ${anomaly.environment || "this environment"}`,
        { field: "runbookId" },
      );
    const request = requestView(runbook, templateVars(anomaly));
    const inserted = await client.query<{ id: string }>(INSERT, [
      runbook.id,
      runbook.name,
      runbook.version,
      anomaly.id,
      anomaly.environment,
      JSON.stringify(request),
      ctx.actor.label,
      ctx.actor.id,
    ]);
    const id = inserted.rows[0]?.id;
    if (!id) throw new VigilError("conflict", `A run of ${runbook.name} for this anomaly already awaits approval`);
    await recordAudit(client, ctx, {
      action: "runbook_run.propose",
      target: { type: "runbook_run", id },
      summary: {
        runbook: runbook.name,
        anomalyId: anomaly.id,
        service: anomaly.service,
        environment: anomaly.environment,
        state: { from: null, to: "awaiting_approval" },
        request,
      },
    });
    return toRunView(await runById(client, id));
  });
}
