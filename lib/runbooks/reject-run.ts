import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { answersOf, runById, type RunView, toRunView } from "./run-rows";
import { RejectRunInput } from "./schemas";

/** Declines a proposed run, with an optional reason kept on it; nothing is sent. */
export async function rejectRun(ctx: Ctx, runId: string, input: unknown = {}): Promise<RunView> {
  authorize(ctx, "runbooks:run");
  const { reason } = parseInput(RejectRunInput, input);
  return sqlTransaction(async (client) => {
    const run = await runById(client, runId, true);
    if (run.state !== "awaiting_approval")
      throw new VigilError("conflict", `This run is ${run.state}, not awaiting approval`);
    await client.query(
      "UPDATE runbook_run SET state = 'rejected', decided_by = $2, decided_at = now(), reason = $3 WHERE id = $1",
      [run.id, ctx.actor.label, reason ?? null],
    );
    await recordAudit(client, ctx, {
      action: "runbook_run.reject",
      target: { type: "runbook_run", id: run.id },
      summary: {
        runbook: run.runbook_name,
        ...answersOf(run),
        environment: run.environment,
        state: { from: "awaiting_approval", to: "rejected" },
      },
      reason: reason ?? null,
    });
    return toRunView(await runById(client, run.id));
  });
}
