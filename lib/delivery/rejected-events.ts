import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { cursor, LATEST, pageLimit, parseInput } from "../validation";

// Delivery events that a sender's key or signature let in but that could not be read, kept 7 days
// so nothing is lost silently: the errors, the first 16 KiB of the body, who sent it. Bad
// signatures are only counted per route and day (anyone can send those).

/** How long a rejection is kept and shown. */
export const REJECTION_DAYS = 7;
/** How much of a rejected body is kept. */
export const EXCERPT_BYTES = 16 * 1024;
const MAX_ERRORS = 20;

export interface RejectedField {
  field: string;
  reason: string;
}

export interface RejectedEventInput {
  /** The route as in lib/http/routes.ts, e.g. "POST /api/v1/delivery/github". */
  route: string;
  source: string;
  /** The sender's event name (X-GitHub-Event, PagerDuty event_type), when known. */
  event?: string | null;
  /** The sender's delivery id (X-GitHub-Delivery, X-Webhook-Id), when sent. */
  deliveryId?: string | null;
  errors: readonly RejectedField[];
  /** The raw body; only its first EXCERPT_BYTES are kept. */
  body: Uint8Array;
  /** The body's size when `body` is not all of it: over the size limit, its Content-Length or limit + 1. */
  bodyBytes?: number;
}

export interface RejectedEvent {
  id: string;
  receivedAt: string;
  route: string;
  source: string;
  event: string | null;
  deliveryId: string | null;
  sender: string;
  errors: RejectedField[];
  bodyExcerpt: string;
  bodyBytes: number;
}

export interface SignatureFailures {
  route: string;
  day: string;
  count: number;
  lastAt: string;
  lastReason: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store (TEXT and JSONB): NUL and lone surrogates become U+FFFD, cut to `max`. */
export function storableText(value: string, max: number): string {
  return value.slice(0, max).replaceAll("\0", "\uFFFD").replace(LONE_SURROGATE, "\uFFFD");
}

/** The first EXCERPT_BYTES of a body as text; bytes that are not UTF-8 become U+FFFD. */
export function bodyExcerpt(body: Uint8Array): string {
  return storableText(new TextDecoder("utf-8").decode(body.subarray(0, EXCERPT_BYTES)), EXCERPT_BYTES);
}

/** Keeps a refused event (and drops those past REJECTION_DAYS); returns its id. */
export async function recordRejectedEvent(ctx: Ctx, input: RejectedEventInput): Promise<string> {
  authorize(ctx, "ingest:delivery");
  const errors = input.errors
    .slice(0, MAX_ERRORS)
    .map((e) => ({ field: storableText(e.field, 500), reason: storableText(e.reason, 500) }));
  const { rows } = await pool().query<{ id: string }>(
    `WITH pruned AS (
       DELETE FROM delivery_rejected_event WHERE received_at < now() - make_interval(days => $9)
     )
     INSERT INTO delivery_rejected_event
       (route, source, event, delivery_id, sender, errors, body_excerpt, body_bytes)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
     RETURNING id::text`,
    [
      storableText(input.route, 200),
      storableText(input.source, 50),
      input.event ? storableText(input.event, 200) : null,
      input.deliveryId ? storableText(input.deliveryId, 200) : null,
      storableText(ctx.actor.label, 200),
      JSON.stringify(errors),
      bodyExcerpt(input.body),
      input.bodyBytes ?? input.body.byteLength,
      REJECTION_DAYS,
    ],
  );
  return rows[0].id;
}

/** Counts a delivery refused for its signature, per route and UTC day (no actor: the sender is unknown). */
export async function countSignatureFailure(route: string, reason: string): Promise<void> {
  await pool().query(
    `WITH pruned AS (
       DELETE FROM delivery_signature_failure WHERE day < (now() AT TIME ZONE 'UTC')::date - $3::int
     )
     INSERT INTO delivery_signature_failure AS f (route, day, count, last_at, last_reason)
     VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1, now(), $2)
     ON CONFLICT (route, day) DO UPDATE
       SET count = f.count + 1, last_at = excluded.last_at, last_reason = excluded.last_reason`,
    [storableText(route, 200), storableText(reason, 500), REJECTION_DAYS],
  );
}

interface Cursor {
  ms: number;
  id: string;
}

function decodeCursor(value: string): Cursor | null {
  const match = /^(\d{1,15}):(\d{1,18})$/.exec(value);
  if (!match || Number(match[1]) > Date.parse(LATEST)) return null;
  return { ms: Number(match[1]), id: match[2] };
}

const ListRejectedEventsInput = z.object({
  limit: pageLimit(),
  before: cursor(decodeCursor).optional(),
});

interface Row {
  id: string;
  received_at: Date;
  route: string;
  source: string;
  event: string | null;
  delivery_id: string | null;
  sender: string;
  errors: RejectedField[];
  body_excerpt: string;
  body_bytes: number;
}

const toEvent = (row: Row): RejectedEvent => ({
  id: row.id,
  receivedAt: row.received_at.toISOString(),
  route: row.route,
  source: row.source,
  event: row.event,
  deliveryId: row.delivery_id,
  sender: row.sender,
  errors: row.errors,
  bodyExcerpt: row.body_excerpt,
  bodyBytes: row.body_bytes,
});

/**
 * Rejected events of the last REJECTION_DAYS, newest first, paged with `before` (the `nextBefore`
 * of the previous page), and the signature failures counted per route and day.
 */
export async function listRejectedEvents(
  ctx: Ctx,
  input: unknown = {},
): Promise<{ items: RejectedEvent[]; nextBefore: string | null; signatureFailures: SignatureFailures[] }> {
  authorize(ctx, "settings:read");
  const { limit, before } = parseInput(ListRejectedEventsInput, input);
  const { rows } = await pool().query<Row>(
    `SELECT id::text, received_at, route, source, event, delivery_id, sender, errors, body_excerpt, body_bytes
       FROM delivery_rejected_event
      WHERE received_at >= now() - make_interval(days => $1)
        AND ($2::timestamptz IS NULL OR (received_at, id) < ($2::timestamptz, $3::bigint))
      ORDER BY received_at DESC, id DESC
      LIMIT $4`,
    [REJECTION_DAYS, before ? new Date(before.ms) : null, before?.id ?? null, limit + 1],
  );
  const items = rows.slice(0, limit).map(toEvent);
  const last = rows.length > limit ? rows[limit - 1] : null;
  return {
    items,
    nextBefore: last ? `${last.received_at.getTime()}:${last.id}` : null,
    signatureFailures: await listSignatureFailures(),
  };
}

async function listSignatureFailures(): Promise<SignatureFailures[]> {
  const { rows } = await pool().query<{
    route: string;
    day: string;
    count: number;
    last_at: Date;
    last_reason: string;
  }>(
    `SELECT route, to_char(day, 'YYYY-MM-DD') AS day, count, last_at, last_reason
       FROM delivery_signature_failure
      WHERE day >= (now() AT TIME ZONE 'UTC')::date - $1::int
      ORDER BY day DESC, route`,
    [REJECTION_DAYS],
  );
  return rows.map((r) => ({
    route: r.route,
    day: r.day,
    count: r.count,
    lastAt: r.last_at.toISOString(),
    lastReason: r.last_reason,
  }));
}
