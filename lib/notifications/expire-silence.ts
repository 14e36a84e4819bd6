import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { parseInput } from "../validation";
import { assertId } from "./parse-channel";
import { ExpireSilenceInput, type SilenceView } from "./schemas";
import { type SilenceRow, toSilenceView } from "./silence-rows";

const EXPIRE = `UPDATE notification_silence SET expired_at = now(), expired_by = $2
  WHERE id = $1 AND expired_at IS NULL AND ends_at > now() RETURNING *`;

/** Ends a silence now; it stays in the list (and the audit trail) as expired. */
export async function expireSilence(ctx: Ctx, id: string, reason?: string): Promise<SilenceView> {
  authorize(ctx, "services:manage");
  const { reason: why } = parseInput(ExpireSilenceInput, { reason });
  assertId(id, "silence");
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<SilenceRow>(EXPIRE, [id, ctx.actor.label]);
    if (!rows[0]) {
      const exists = await client.query("SELECT 1 FROM notification_silence WHERE id = $1", [id]);
      if (exists.rowCount) throw new VigilError("conflict", "This silence has already ended");
      throw new VigilError("not_found", "No such silence");
    }
    const view = toSilenceView(rows[0]);
    await recordAudit(client, ctx, {
      action: "notification_silence.expire",
      target: { type: "notification_silence", id },
      summary: { before: { matchers: view.matchers, endsAt: view.endsAt } },
      reason: why ?? null,
    });
    return view;
  });
}
