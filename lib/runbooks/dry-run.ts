import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { parseInput } from "@/lib/validation";
import { requestView } from "./build-request";
import { SAMPLE_VARS } from "./render-body";
import { anomalyForRun, templateVars } from "./run-anomaly";
import { runbookById } from "./runbook-rows";
import { DryRunInput, type RequestView } from "./schemas";

/**
 * The exact request a run of this runbook would send for the anomaly (a sample one when none is
 * named), secrets redacted; nothing is sent.
 */
export async function dryRun(ctx: Ctx, runbookId: string, input: unknown): Promise<RequestView> {
  authorize(ctx, "runbooks:run");
  const { anomalyId } = parseInput(DryRunInput, input);
  const client = await pool().connect();
  try {
    const runbook = await runbookById(client, runbookId);
    const vars = anomalyId === undefined ? SAMPLE_VARS : templateVars(await anomalyForRun(client, anomalyId));
    return requestView(runbook, vars);
  } finally {
    client.release();
  }
}
