import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { parseInput } from "../validation";
import type { ChannelRow } from "./channel-rows";
import { routes, silences } from "./routing";
import { Notice } from "./schemas";
import { matchersOf, type SilenceRow } from "./silence-rows";

// A resolve must never be overtaken by the trigger it ends (still waiting for a retry), and a
// repeated notice needs no second send: the older one waiting for the same channel gives way.
const SUPERSEDE = `UPDATE notification_delivery SET state = 'superseded', next_attempt_at = NULL, finished_at = now()
  WHERE state = 'pending' AND notice_key = $1 AND channel_id = ANY ($2::uuid[])`;

const ENQUEUE = `INSERT INTO notification_delivery (channel_id, notice_key, notice, state, silence_id, next_attempt_at, finished_at)
  SELECT u.channel_id, $1, $2::jsonb, u.state, u.silence_id, CASE WHEN u.state = 'pending' THEN now() END,
    CASE WHEN u.state = 'silenced' THEN now() END
  FROM unnest($3::uuid[], $4::text[], $5::uuid[]) AS u (channel_id, state, silence_id)`;

/**
 * Queues a notice for every enabled channel whose routing takes it (the worker sends it), or
 * records it as silenced when an active silence matches. Only the database is touched here, so a
 * channel that is down or slow never delays the caller (the SLO evaluation).
 */
export async function notify(ctx: Ctx, input: Notice): Promise<{ queued: number; silenced: number }> {
  // Any signed-in reader may raise a notice; where it goes is decided by the admins' channels.
  authorize(ctx, "read");
  const notice = parseInput(Notice, input);
  return sqlTransaction(async (client) => {
    const channels = await client.query<Pick<ChannelRow, "id" | "route_services" | "route_teams" | "route_severities">>(
      "SELECT id, route_services, route_teams, route_severities FROM notification_channel WHERE enabled",
    );
    const active = await client.query<SilenceRow>(
      "SELECT * FROM notification_silence WHERE expired_at IS NULL AND ends_at > now() ORDER BY created_at",
    );
    const silence = active.rows.find((row) => silences(matchersOf(row), notice));
    const targets = channels.rows.filter((row) =>
      routes({ services: row.route_services, teams: row.route_teams, severities: row.route_severities }, notice),
    );
    if (targets.length === 0) return { queued: 0, silenced: 0 };
    const state = silence ? "silenced" : "pending";
    if (!silence) await client.query(SUPERSEDE, [notice.key, targets.map((row) => row.id)]);
    await client.query(ENQUEUE, [
      notice.key,
      JSON.stringify(notice),
      targets.map((row) => row.id),
      targets.map(() => state),
      targets.map(() => silence?.id ?? null),
    ]);
    return silence ? { queued: 0, silenced: targets.length } : { queued: targets.length, silenced: 0 };
  });
}
