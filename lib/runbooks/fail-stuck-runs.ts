import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { answersOf, RUN_SELECT, type RunRow } from "./run-rows";
import { RUN_TIMEOUT_MS } from "./send-run-request";

// A run is "running" only while a worker (or a web request) waits for its call, at most the send
// timeout. One running much longer was left by a process that stopped mid-call: nobody will ever
// record its answer, so it is failed, saying honestly that the call may have reached the endpoint.

/** How long past its approval a run may stay running: the send timeout and a margin for a slow database. */
export const STUCK_AFTER_MS = RUN_TIMEOUT_MS + 2 * 60_000;

export const STUCK_ERROR = "the worker stopped before the call finished; it may or may not have reached the endpoint";

/** Oldest first, a bounded batch per sweep; rows a live process holds are skipped, not waited for. */
const STUCK = `${RUN_SELECT} WHERE state = 'running' AND decided_at < $1 ORDER BY decided_at, id LIMIT 500
  FOR UPDATE SKIP LOCKED`;

/** Fails the runs stuck in running since before `now` minus STUCK_AFTER_MS, each with its audit entry. */
export async function failStuckRuns(ctx: Ctx, now = new Date()): Promise<{ failed: string[] }> {
  authorize(ctx, "runbooks:run");
  const before = new Date(now.getTime() - STUCK_AFTER_MS);
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<RunRow>(STUCK, [before]);
    for (const run of rows) {
      await client.query(
        "UPDATE runbook_run SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state = 'running'",
        [run.id, STUCK_ERROR],
      );
      await recordAudit(client, ctx, {
        action: "runbook_run.fail_stuck",
        target: { type: "runbook_run", id: run.id },
        summary: {
          runbook: run.runbook_name,
          ...answersOf(run),
          environment: run.environment,
          state: { from: "running", to: "failed" },
          runningSince: run.decided_at?.toISOString() ?? null,
          error: STUCK_ERROR,
        },
      });
    }
    return { failed: rows.map((run) => run.id) };
  });
}
