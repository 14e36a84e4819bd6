import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { executeRun } from "./execute-run";
import { isNonProduction } from "./non-production";
import { runbookById } from "./runbook-rows";
import { runById, runSummary, toRunView, type RunView } from "./run-rows";

/**
 * Approves a proposed run and makes the call, recording its answer or why it failed (never a 500
 * for the call itself). A run in production, or an environment not known to be non-production,
 * needs a second person: whoever proposed it may not approve it, and one the system proposed needs
 * two people (the first approval stands as the proposal). A runbook changed or deleted since
 * the proposal is not sent: the approver saw a request that no longer exists.
 */
export async function approveRun(ctx: Ctx, runId: string): Promise<RunView> {
  authorize(ctx, "runbooks:run");
  const claimed = await sqlTransaction(async (client) => {
    const run = await runById(client, runId, true);
    if (run.state !== "awaiting_approval")
      throw new VigilError("conflict", `This run is ${run.state}, not awaiting approval`);
    if (!isNonProduction(run.environment) && run.proposed_by_id === ctx.actor.id)
      throw new VigilError(
        "forbidden",
        "A production run needs a second person: someone other than its proposer must approve it",
      );
    if (!run.runbook_id) throw new VigilError("conflict", "Its runbook was deleted; this run can only be rejected");
    // The system proposed it (an SLO alert fired): in production the first person's approval stands
    // as the proposal, and a second person still has to approve before anything is sent.
    if (!isNonProduction(run.environment) && run.proposed_by.startsWith("system:")) {
      await client.query("UPDATE runbook_run SET proposed_by = $2, proposed_by_id = $3 WHERE id = $1", [
        run.id,
        ctx.actor.label,
        ctx.actor.id,
      ]);
      await recordAudit(client, ctx, {
        action: "runbook_run.endorse",
        target: { type: "runbook_run", id: run.id },
        summary: runSummary(run),
      });
      return { kind: "endorsed" as const, view: toRunView(await runById(client, run.id)) };
    }
    const runbook = await runbookById(client, run.runbook_id);
    if (runbook.version !== run.runbook_version)
      throw new VigilError(
        "conflict",
        `${runbook.name} changed after this run was proposed: reject it and propose again`,
      );
    await client.query("UPDATE runbook_run SET state = 'running', decided_by = $2, decided_at = now() WHERE id = $1", [
      run.id,
      ctx.actor.label,
    ]);
    await recordAudit(client, ctx, {
      action: "runbook_run.approve",
      target: { type: "runbook_run", id: run.id },
      summary: { ...runSummary(run), state: { from: "awaiting_approval", to: "running" } },
    });
    return { kind: "claimed" as const, run, runbook };
  });
  if (claimed.kind === "endorsed") return claimed.view;
  return executeRun(ctx, claimed.run, claimed.runbook);
}
