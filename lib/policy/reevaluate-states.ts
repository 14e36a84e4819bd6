import { authorize, type Ctx } from "../context";
import { pool, sqlTransaction } from "../db";
import { withSpan } from "../telemetry";
import { toPolicyResource } from "./policy-resource";
import { applyStateEvaluation } from "./state-evaluation";

/**
 * Every imported state again under the rules in force now: after a rule is switched or the
 * teams' folder changed, findings open and resolve without waiting for the next import.
 */
export async function reevaluateStates(ctx: Ctx): Promise<{ states: number; opened: number; resolved: number }> {
  authorize(ctx, "settings:manage");
  const { rows: states } = await pool().query<{ id: string; name: string }>(
    `SELECT s.id, s.name FROM terraform_state s WHERE EXISTS (SELECT 1 FROM policy_state_resource r WHERE r.state_id = s.id)
     ORDER BY s.name`,
  );
  const total = { states: 0, opened: 0, resolved: 0 };
  for (const state of states)
    await withSpan("reevaluateState", { "vigil.state": state.id }, () =>
      sqlTransaction(async (client) => {
        const { rows } = await client.query<{ address: string; type: string; attributes: unknown }>(
          "SELECT address, type, attributes FROM policy_state_resource WHERE state_id = $1",
          [state.id],
        );
        const resources = rows.map((row) => toPolicyResource(row.type, row.address, row.attributes));
        const result = await applyStateEvaluation(client, state, resources, ctx.actor.label);
        total.states += 1;
        total.opened += result.opened + result.reopened;
        total.resolved += result.resolved;
      }),
    );
  return total;
}
