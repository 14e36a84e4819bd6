import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { parseInput } from "@/lib/validation";
import { requestView } from "./build-request";
import { SAMPLE_VARS } from "./render-body";
import { SAMPLE_SLO_VARS } from "./run-slo-alert";
import { subjectForRun } from "./run-subject";
import { runbookById } from "./runbook-rows";
import { DryRunInput, type RequestView } from "./schemas";

/**
 * The exact request a run of this runbook would send for the anomaly or the SLO's latest alert,
 * secrets redacted; nothing is sent. Neither named (the editor): a sample anomaly, or a sample SLO
 * alert for a runbook that answers only those.
 */
export async function dryRun(ctx: Ctx, runbookId: string, input: unknown): Promise<RequestView> {
  authorize(ctx, "runbooks:run");
  const { anomalyId, sloId } = parseInput(DryRunInput, input);
  const client = await pool().connect();
  try {
    const runbook = await runbookById(client, runbookId);
    if (anomalyId !== undefined) return requestView(runbook, (await subjectForRun(client, { anomalyId })).vars);
    if (sloId !== undefined) return requestView(runbook, (await subjectForRun(client, { sloId })).vars);
    return requestView(runbook, runbook.series.length > 0 ? SAMPLE_VARS : SAMPLE_SLO_VARS);
  } finally {
    client.release();
  }
}
