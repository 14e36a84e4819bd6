import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { transaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { CreateBudgetInput } from "./schemas";

/** A monthly budget for one feature or team; one per scope and key. */
export async function createBudget(ctx: Ctx, input: CreateBudgetInput): Promise<{ id: string }> {
  authorize(ctx, "costs:manage");
  const budget = parseInput(CreateBudgetInput, input);
  return transaction(async (tx) => {
    if (await tx.budget.findUnique({ where: { scope_key: { scope: budget.scope, key: budget.key } } })) {
      throw new VigilError("conflict", `There is already a budget for ${budget.scope} ${budget.key}`);
    }
    const created = await tx.budget.create({ data: { ...budget, createdBy: ctx.actor.label } });
    await recordAudit(tx, ctx, {
      action: "budget.create",
      target: { type: "budget", id: created.id },
      summary: { ...budget },
    });
    return { id: created.id };
  });
}
