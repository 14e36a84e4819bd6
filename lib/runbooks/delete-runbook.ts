import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { auditedRunbook, runbookById, toRunbookView } from "./runbook-rows";

/** Deletes a runbook; its runs stay, as the record of what was sent, with the runbook's name. */
export async function deleteRunbook(ctx: Ctx, id: string): Promise<{ id: string; deleted: true }> {
  authorize(ctx, "runbooks:manage");
  return sqlTransaction(async (client) => {
    const row = await runbookById(client, id, true);
    await client.query("DELETE FROM runbook WHERE id = $1", [id]);
    await recordAudit(client, ctx, {
      action: "runbook.delete",
      target: { type: "runbook", id },
      summary: { before: auditedRunbook(toRunbookView(row)) },
    });
    return { id, deleted: true };
  });
}
