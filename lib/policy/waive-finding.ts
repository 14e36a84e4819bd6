import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { isUuid, parseInput } from "../validation";
import { FINDING_COLUMNS, type FindingRow, type FindingView, toFindingView } from "./finding-records";
import { WaiverInput } from "./schemas";

const MAX_WAIVER_DAYS = 366;

/**
 * Accepts an open finding's risk until a date, with the reason: FinOps and admins (costs:manage,
 * who answer for the estate's exceptions). Audited in the same transaction; the finding reopens
 * when the waiver ends (the expire-policy-waivers job).
 */
export async function waiveFinding(ctx: Ctx, id: string, input: unknown): Promise<FindingView> {
  authorize(ctx, "costs:manage");
  const { reason, until } = parseInput(WaiverInput, input);
  const ends = new Date(until);
  const now = new Date();
  if (ends.getTime() <= now.getTime())
    throw new VigilError("bad_request", "until: must be in the future", { field: "until" });
  if (ends.getTime() > now.getTime() + MAX_WAIVER_DAYS * 86_400_000)
    throw new VigilError("bad_request", `until: at most ${MAX_WAIVER_DAYS} days ahead`, { field: "until" });
  if (!isUuid(id)) throw new VigilError("not_found", "No such finding");
  return sqlTransaction(async (client) => {
    const found = await client.query<{ status: string; rule_id: string; address: string }>(
      "SELECT status, rule_id, address FROM policy_finding WHERE id = $1 FOR UPDATE",
      [id],
    );
    const before = found.rows[0];
    if (!before) throw new VigilError("not_found", "No such finding");
    if (before.status === "resolved") throw new VigilError("conflict", "The finding is resolved: nothing to waive");
    const { rows } = await client.query<FindingRow>(
      `UPDATE policy_finding f SET status = 'waived', waiver_reason = $2, waiver_until = $3, waived_by = $4, waived_at = $5
       WHERE id = $1 RETURNING ${FINDING_COLUMNS}`,
      [id, reason, ends, ctx.actor.label, now],
    );
    await client.query(
      "INSERT INTO policy_finding_event (finding_id, at, actor, action, detail) VALUES ($1, $2, $3, 'waived', $4::jsonb)",
      [id, now, ctx.actor.label, JSON.stringify({ reason, until: ends.toISOString() })],
    );
    await recordAudit(client, ctx, {
      action: "policy.waive",
      target: { type: "policy_finding", id },
      summary: { ruleId: before.rule_id, address: before.address, before: before.status, until: ends.toISOString() },
      reason,
    });
    return toFindingView(rows[0]);
  });
}
