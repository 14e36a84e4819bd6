import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { CHANNEL_SELECT, type ChannelRow, splitInput, storedInput, toChannelView } from "./channel-rows";
import { assertId, parseChannelInput } from "./parse-channel";
import type { ChannelView } from "./schemas";

const UPDATE = `UPDATE notification_channel SET name = $2, config = $3::jsonb, secrets = $4::jsonb,
  route_services = $5, route_teams = $6, route_severities = $7, enabled = $8, updated_at = now() WHERE id = $1`;

/**
 * Changes the fields sent (the kind stays); a secret not sent is kept, so a form that never shows
 * secrets can still save routing. The merged channel is validated as a new one would be.
 */
export async function updateChannel(ctx: Ctx, id: string, patch: unknown): Promise<ChannelView> {
  authorize(ctx, "settings:manage");
  assertId(id, "notification channel");
  if (typeof patch !== "object" || patch === null || Array.isArray(patch))
    throw new VigilError("bad_request", "Send a JSON object", { field: null });
  return sqlTransaction(async (client) => {
    const found = await client.query<ChannelRow>(`${CHANNEL_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [id]);
    const before = found.rows[0];
    if (!before) throw new VigilError("not_found", "No such notification channel");
    const sent = patch as Record<string, unknown>;
    if (sent.kind !== undefined && sent.kind !== before.kind)
      throw new VigilError("bad_request", "kind: can not be changed; create a new channel", { field: "kind" });
    // A stored URL is checked again only when it is sent: its deliveries already fail, visibly.
    const options = { checkSmtp: false, checkUrl: sent.url !== undefined };
    const channel = parseChannelInput({ ...storedInput(before), ...sent, kind: before.kind }, options);
    const { config, secrets } = splitInput(channel);
    const { routing } = channel;
    const params = [id, channel.name, JSON.stringify(config), JSON.stringify(secrets)];
    await client.query(UPDATE, [...params, routing.services, routing.teams, routing.severities, channel.enabled]);
    const { rows } = await client.query<ChannelRow>(`${CHANNEL_SELECT} WHERE c.id = $1`, [id]);
    const [old, view] = [toChannelView(before), toChannelView(rows[0])];
    await recordAudit(client, ctx, {
      action: "notification_channel.update",
      target: { type: "notification_channel", id: view.name },
      summary: {
        before: { name: old.name, target: old.target, routing: old.routing, enabled: old.enabled },
        after: { name: view.name, target: view.target, routing: view.routing, enabled: view.enabled },
        secretsChanged: Object.keys(sent).filter(
          (field) => ["secret", "routingKey"].includes(field) || (field === "url" && view.kind === "slack"),
        ),
      },
    });
    return view;
  });
}
