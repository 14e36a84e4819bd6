import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { nextStep } from "./backoff";
import type { ChannelRow } from "./channel-rows";
import type { Notice } from "./schemas";
import { sendNotice } from "./send-notice";

/** How long a claimed delivery is left to its worker before another may take it (a dead worker's). */
const LEASE_MS = 60_000;
const BATCH = 20;

interface DueRow extends Pick<ChannelRow, "kind" | "config" | "secrets"> {
  id: string;
  channel_id: string;
  notice: Notice;
  attempts: number;
}

// Due deliveries are claimed with SKIP LOCKED, so several workers never send one twice.
const CLAIM = `WITH due AS (
    SELECT id FROM notification_delivery
    WHERE state = 'pending' AND ($3::uuid IS NULL OR channel_id = $3)
      AND (next_attempt_at <= $1 OR ($4::bigint IS NOT NULL AND id = $4 AND next_attempt_at IS NULL))
      AND ($4::bigint IS NULL OR id = $4)
    ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
  UPDATE notification_delivery d SET next_attempt_at = $1::timestamptz + interval '${LEASE_MS} milliseconds'
  FROM due, notification_channel c WHERE d.id = due.id AND c.id = d.channel_id
  RETURNING d.id::text, d.channel_id, d.notice, d.attempts, c.kind, c.config, c.secrets`;

// A delivery superseded while its attempt ran keeps that state; the attempt is still logged.
const RECORD = `WITH attempt AS (
    INSERT INTO notification_attempt (delivery_id, channel_id, at, duration_ms, status, error, outcome)
    VALUES ($1, $2, $3, $4, $5, $6, $7))
  UPDATE notification_delivery SET attempts = attempts + 1, last_status = $5, last_error = $6,
    state = CASE WHEN state = 'superseded' THEN state WHEN $7 = 'retry' THEN 'pending' ELSE $7 END,
    next_attempt_at = CASE WHEN state = 'superseded' THEN NULL ELSE $8::timestamptz END,
    finished_at = CASE WHEN state = 'superseded' THEN finished_at WHEN $7 = 'retry' THEN NULL ELSE $3::timestamptz END
  WHERE id = $1`;

export interface DeliverOptions {
  /** The clock: tests pass a later time to reach a retry's backoff without waiting for it. */
  now?: Date;
  /** Only this channel's deliveries (a test's own, or a channel's "send test"). */
  channelId?: string;
  deliveryId?: string;
  /** A "send test" gets one attempt, not a retry two hours later. */
  retries?: boolean;
}

export interface AttemptOutcome {
  deliveryId: string;
  outcome: "sent" | "retry" | "failed";
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** Sends the deliveries that are due, at once and each within its timeout, and records every attempt. */
export async function deliverDue(ctx: Ctx, options: DeliverOptions = {}): Promise<AttemptOutcome[]> {
  authorize(ctx, "settings:manage");
  const now = options.now ?? new Date();
  const { rows } = await pool().query<DueRow>(CLAIM, [
    now,
    BATCH,
    options.channelId ?? null,
    options.deliveryId ?? null,
  ]);
  return Promise.all(rows.map((row) => attempt(row, now, options.retries ?? true)));
}

async function attempt(row: DueRow, now: Date, retries: boolean): Promise<AttemptOutcome> {
  const result = await sendNotice(row, row.notice, { id: row.id, now });
  const step = nextStep(result, row.attempts + 1, now, { retries });
  await pool().query(RECORD, [
    row.id,
    row.channel_id,
    now,
    result.durationMs,
    result.status,
    result.error,
    step.outcome,
    step.nextAttemptAt,
  ]);
  return { deliveryId: row.id, outcome: step.outcome, ...result };
}
