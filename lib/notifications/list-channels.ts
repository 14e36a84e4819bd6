import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { CHANNEL_SELECT, type ChannelRow, toChannelView } from "./channel-rows";
import type { ChannelView } from "./schemas";

/** Channels are few (an admin sets each one up): all of them, up to a bound, by name. */
const MAX_CHANNELS = 500;

export async function listChannels(ctx: Ctx): Promise<ChannelView[]> {
  authorize(ctx, "settings:read");
  const { rows } = await pool().query<ChannelRow>(`${CHANNEL_SELECT} ORDER BY c.name LIMIT ${MAX_CHANNELS}`);
  return rows.map(toChannelView);
}
