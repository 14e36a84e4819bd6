import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { type AttemptOutcome, deliverDue } from "./deliver-due";
import { assertId } from "./parse-channel";
import type { Notice } from "./schemas";

const QUEUE = `INSERT INTO notification_delivery (channel_id, notice_key, notice, state, next_attempt_at)
  VALUES ($1, $2, $3::jsonb, 'pending', NULL) RETURNING id::text`;

// Queued with no due time, so the worker's loop leaves it to this request.
/**
 * "Send test": a test notice delivered to this channel now, whatever its routing or silences say,
 * answered with the attempt's outcome. It is tried once: a failing test is shown, not retried.
 */
export async function testChannel(ctx: Ctx, id: string): Promise<AttemptOutcome> {
  authorize(ctx, "settings:manage");
  assertId(id, "notification channel");
  const deliveryId = await sqlTransaction(async (client) => {
    const found = await client.query<{ name: string }>("SELECT name FROM notification_channel WHERE id = $1", [id]);
    const channel = found.rows[0];
    if (!channel) throw new VigilError("not_found", "No such notification channel");
    const notice: Notice = {
      key: `test:${id}:${randomUUID()}`,
      state: "firing",
      severity: "info",
      title: `Test notification for ${channel.name}`,
      summary: `Sent from Vigil's Settings page by ${ctx.actor.label} to check this channel. No action is needed.`,
      service: null,
      team: null,
      url: null,
      labels: {},
      source: "test",
    };
    const { rows } = await client.query<{ id: string }>(QUEUE, [id, notice.key, JSON.stringify(notice)]);
    await recordAudit(client, ctx, {
      action: "notification_channel.test",
      target: { type: "notification_channel", id: channel.name },
    });
    return rows[0].id;
  });
  const [outcome] = await deliverDue(ctx, { deliveryId, retries: false });
  if (!outcome) throw new VigilError("conflict", "The test delivery was taken by another worker; see the delivery log");
  return outcome;
}
