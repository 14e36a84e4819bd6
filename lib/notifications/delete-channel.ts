import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { assertId } from "./parse-channel";

/** Deletes a channel with its delivery log; the audit trail keeps that it existed. */
export async function deleteChannel(ctx: Ctx, id: string): Promise<{ id: string; deleted: true }> {
  authorize(ctx, "settings:manage");
  assertId(id, "notification channel");
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<{ name: string; kind: string }>(
      "DELETE FROM notification_channel WHERE id = $1 RETURNING name, kind",
      [id],
    );
    if (!rows[0]) throw new VigilError("not_found", "No such notification channel");
    await recordAudit(client, ctx, {
      action: "notification_channel.delete",
      target: { type: "notification_channel", id: rows[0].name },
      summary: { before: { kind: rows[0].kind } },
    });
    return { id, deleted: true };
  });
}
