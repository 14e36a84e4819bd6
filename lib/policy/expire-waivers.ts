import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";

/** Waivers whose date has passed end: their findings reopen, each with an event, in one audited step. */
export async function expireWaivers(ctx: Ctx, now = new Date()): Promise<{ reopened: number }> {
  authorize(ctx, "settings:manage");
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `UPDATE policy_finding SET status = 'open' WHERE status = 'waived' AND waiver_until <= $1 RETURNING id`,
      [now],
    );
    if (rows.length === 0) return { reopened: 0 };
    const ids = rows.map((row) => row.id);
    await client.query(
      `INSERT INTO policy_finding_event (finding_id, at, actor, action) SELECT id, $2, $3, 'waiver_expired' FROM unnest($1::uuid[]) AS id`,
      [ids, now, ctx.actor.label],
    );
    await recordAudit(client, ctx, {
      action: "policy.waivers_expired",
      target: { type: "policy_finding", id: ids.length === 1 ? ids[0] : "many" },
      summary: { reopened: ids.length, findings: ids.slice(0, 100) },
    });
    return { reopened: ids.length };
  });
}
