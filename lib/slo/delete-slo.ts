import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { lockSlo, refuseIfFromFile } from "./slo-records";

/** Deletes an SLO with its status and alert history (audited, with what it was). */
export async function deleteSlo(ctx: Ctx, id: string): Promise<{ deleted: string }> {
  authorize(ctx, "services:manage");
  return sqlTransaction(async (client) => {
    const before = await lockSlo(client, id);
    refuseIfFromFile(before);
    await client.query("DELETE FROM slo WHERE id = $1", [before.id]);
    await recordAudit(client, ctx, {
      action: "slo.delete",
      target: { type: "slo", id: before.name },
      summary: { before: before.definition },
    });
    return { deleted: before.id };
  });
}
