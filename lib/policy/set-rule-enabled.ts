import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { allRules } from "./active-rules";

const SetRuleInput = z.object({ enabled: z.boolean({ error: "must be true or false" }) }).strict();

/**
 * Switches a rule on or off (an admin setting, audited with before and after). Its findings follow
 * at the next evaluation: the caller re-evaluates the stored states after this.
 */
export async function setRuleEnabled(
  ctx: Ctx,
  ruleId: string,
  input: unknown,
): Promise<{ id: string; enabled: boolean }> {
  authorize(ctx, "settings:manage");
  const { enabled } = parseInput(SetRuleInput, input);
  const { rules } = await allRules();
  if (!rules.some((rule) => rule.rule.id === ruleId)) throw new VigilError("not_found", "No such rule");
  return sqlTransaction(async (client) => {
    const before = await client.query<{ enabled: boolean }>(
      "SELECT enabled FROM policy_rule_setting WHERE rule_id = $1 FOR UPDATE",
      [ruleId],
    );
    await client.query(
      `INSERT INTO policy_rule_setting (rule_id, enabled, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (rule_id) DO UPDATE SET enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = now()`,
      [ruleId, enabled, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "policy.rule_switch",
      target: { type: "policy_rule", id: ruleId },
      summary: { before: before.rows[0]?.enabled ?? true, after: enabled },
    });
    return { id: ruleId, enabled };
  });
}
