import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { withSpan } from "@/lib/telemetry";
import { sendHeaders, withoutSecrets } from "./build-request";
import type { RunbookRow } from "./runbook-rows";
import { answersOf, runById, type RunRow, type RunView, toRunView } from "./run-rows";
import { type RunOutcome, sendRunRequest } from "./send-run-request";

const FINISH = `UPDATE runbook_run SET state = $2, status_code = $3, response = $4, duration_ms = $5, error = $6,
  finished_at = now() WHERE id = $1 AND state = 'running'`;

/**
 * Sends a run already claimed (state running, its approval audited) and records the answer with
 * its audit entry. It is called outside any transaction: no lock is held while the call waits.
 */
export async function executeRun(ctx: Ctx, run: RunRow, runbook: RunbookRow): Promise<RunView> {
  const opened = sendHeaders(runbook);
  const outcome: RunOutcome =
    "error" in opened
      ? { ok: false, statusCode: null, response: null, durationMs: 0, error: opened.error }
      : await withSpan("runbook.run", { "vigil.runbook.id": runbook.id, "vigil.run.id": run.id }, () =>
          sendRunRequest({ ...run.request, headers: opened.headers }),
        );
  const response = "error" in opened ? null : withoutSecrets(outcome.response, opened.headers, runbook);
  const state = outcome.ok ? "succeeded" : "failed";
  return sqlTransaction(async (client) => {
    await client.query(FINISH, [run.id, state, outcome.statusCode, response, outcome.durationMs, outcome.error]);
    await recordAudit(client, ctx, {
      action: "runbook_run.finish",
      target: { type: "runbook_run", id: run.id },
      summary: {
        runbook: run.runbook_name,
        ...answersOf(run),
        environment: run.environment,
        state: { from: "running", to: state },
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        error: outcome.error,
        response: response?.slice(0, 300) ?? null,
      },
    });
    return toRunView(await runById(client, run.id));
  });
}
