import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { transaction } from "../db";
import { VigilError } from "../errors";

/** Removes a budget and, with it, its alerts. */
export async function deleteBudget(ctx: Ctx, id: string): Promise<{ deleted: true }> {
  authorize(ctx, "costs:manage");
  if (!z.uuid().safeParse(id).success) throw new VigilError("not_found", "No such budget");
  return transaction(async (tx) => {
    const budget = await tx.budget.findUnique({ where: { id } });
    if (!budget) throw new VigilError("not_found", "No such budget");
    await tx.budget.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: "budget.delete",
      target: { type: "budget", id },
      summary: { scope: budget.scope, key: budget.key, monthlyAmount: budget.monthlyAmount.toFixed() },
    });
    return { deleted: true as const };
  });
}
