import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { CHANNEL_SELECT, type ChannelRow, splitInput, toChannelView } from "./channel-rows";
import { parseChannelInput } from "./parse-channel";
import type { ChannelView } from "./schemas";

const INSERT = `INSERT INTO notification_channel (name, kind, config, secrets, route_services, route_teams,
  route_severities, enabled, created_by) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8, $9)
  ON CONFLICT (name) DO NOTHING RETURNING id`;

export async function createChannel(ctx: Ctx, input: unknown): Promise<ChannelView> {
  authorize(ctx, "settings:manage");
  const channel = parseChannelInput(input, { checkSmtp: true, checkUrl: true });
  const { config, secrets } = splitInput(channel);
  return sqlTransaction(async (client) => {
    const { routing } = channel;
    const inserted = await client.query<{ id: string }>(INSERT, [
      channel.name,
      channel.kind,
      JSON.stringify(config),
      JSON.stringify(secrets),
      routing.services,
      routing.teams,
      routing.severities,
      channel.enabled,
      ctx.actor.label,
    ]);
    const id = inserted.rows[0]?.id;
    if (!id) throw new VigilError("conflict", `A channel named ${channel.name} already exists`, { field: "name" });
    const { rows } = await client.query<ChannelRow>(`${CHANNEL_SELECT} WHERE c.id = $1`, [id]);
    const view = toChannelView(rows[0]);
    await recordAudit(client, ctx, {
      action: "notification_channel.create",
      target: { type: "notification_channel", id: channel.name },
      summary: { after: { kind: view.kind, target: view.target, routing: view.routing, enabled: view.enabled } },
    });
    return view;
  });
}
