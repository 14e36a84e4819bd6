import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { type AttemptView, type DeliveryView, ListDeliveriesInput, type Notice } from "./schemas";

interface DeliveryRow {
  id: string;
  channel_id: string;
  channel_name: string;
  notice_key: string;
  notice: Notice;
  state: DeliveryView["state"];
  attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
  log: (Omit<AttemptView, "at"> & { at: string })[] | null;
}

const LIST = `SELECT d.id::text, d.channel_id, c.name AS channel_name, d.notice_key, d.notice, d.state, d.attempts,
    d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.finished_at,
    (SELECT json_agg(json_build_object('at', a.at, 'durationMs', a.duration_ms, 'status', a.status,
      'error', a.error, 'outcome', a.outcome) ORDER BY a.id) FROM notification_attempt a WHERE a.delivery_id = d.id) AS log
  FROM notification_delivery d JOIN notification_channel c ON c.id = d.channel_id
  WHERE ($1::uuid IS NULL OR d.channel_id = $1) AND ($2::text IS NULL OR d.state = $2)
    AND ($3::bigint IS NULL OR d.id < $3)
  ORDER BY d.id DESC LIMIT $4`;

function toView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    channelId: row.channel_id,
    channelName: row.channel_name,
    key: row.notice_key,
    title: row.notice.title,
    severity: row.notice.severity,
    noticeState: row.notice.state,
    source: row.notice.source,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === "pending" ? (row.next_attempt_at?.toISOString() ?? null) : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    log: (row.log ?? []).map((attempt) => ({ ...attempt, at: new Date(attempt.at).toISOString() })),
  };
}

/** The delivery log, newest first, with every attempt; `nextBefore` pages on. */
export async function listDeliveries(
  ctx: Ctx,
  input: ListDeliveriesInput = {},
): Promise<{ items: DeliveryView[]; nextBefore: string | null }> {
  authorize(ctx, "settings:read");
  const { channel, state, limit, before } = parseInput(ListDeliveriesInput, input);
  const { rows } = await pool().query<DeliveryRow>(LIST, [channel ?? null, state ?? null, before ?? null, limit + 1]);
  const items = rows.slice(0, limit).map(toView);
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
