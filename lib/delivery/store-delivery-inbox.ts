// Stores what the asynchronous webhooks queued (queue-delivery-event.ts), oldest first, many at a
// time and set-based: a statement stores many records (store-queued-events.ts). A row is deleted in
// the transaction that locked it, after its record committed; a crash in between stores it again,
// which changes nothing (the writers are idempotent). Events of one key are stored in arrival order,
// and one run at a time takes the queue. One bad record never holds up the others: one PostgreSQL
// refuses, or one failing MAX_ATTEMPTS times, goes to the rejected-events list; another failure
// leaves it (and its key's later events) for the next run.
import { DELIVERY_INBOX_LOCK } from "@/lib/advisory-locks";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { recordRejectedEvent } from "@/lib/delivery/rejected-events";
import { type QueuedEvent, storeQueuedEvents } from "@/lib/delivery/store-queued-events";
import { dataErrorCode } from "@/lib/errors";

const MAX_ATTEMPTS = 5;
/** Events a run takes: several statements' worth (store-queued-events.ts MAX_SET), for each lane. */
const BATCH = 4_000;
const DATE_KEYS = ["startedAt", "finishedAt", "authoredAt", "createdAt", "resolvedAt"] as const;

interface InboxRow {
  id: string;
  kind: "deployment" | "incident";
  route: string;
  sender: string;
  record: string;
  attempts: number;
}

export interface InboxRun {
  stored: number;
  rejected: number;
  /** Left for the next run after a failure that was not the record's fault. */
  failed: number;
}

/** The record's times as Dates, where the record and its commits have them. */
function reviveDates(value: unknown): void {
  if (!value || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  for (const key of DATE_KEYS) if (typeof record[key] === "string") record[key] = new Date(record[key]);
  if (Array.isArray(record.commits)) record.commits.forEach(reviveDates);
}

/** The event: its record (or the error reading it), and the key whose events are stored in order. */
function read(row: InboxRow): QueuedEvent {
  try {
    const record = JSON.parse(row.record) as { source?: unknown; externalId?: unknown; externalKey?: unknown };
    reviveDates(record);
    const key = JSON.stringify([row.kind, record.source, record.externalId ?? record.externalKey]);
    return { id: row.id, kind: row.kind, record: record as QueuedEvent["record"], key };
  } catch (err) {
    // Unreadable: alone, rejected after its attempts.
    return { id: row.id, kind: row.kind, record: err as Error, key: `row:${row.id}` };
  }
}

async function reject(ctx: Ctx, row: InboxRow, err: unknown): Promise<void> {
  const sender = { ...ctx, actor: { ...ctx.actor, label: row.sender } };
  const source = (/"source":"([^"]*)"/.exec(row.record) ?? [])[1] ?? "unknown";
  await recordRejectedEvent(sender, {
    route: row.route,
    source,
    event: row.kind,
    errors: [{ field: "(record)", reason: `could not be stored: ${err instanceof Error ? err.message : String(err)}` }],
    body: new TextEncoder().encode(row.record),
  });
}

/** Stores up to `limit` queued events (those another transaction holds are skipped). */
export async function storeDeliveryInbox(ctx: Ctx, options: { limit?: number } = {}): Promise<InboxRun> {
  authorize(ctx, "ingest:delivery");
  return sqlTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [DELIVERY_INBOX_LOCK]);
    // Ordered by the bigint id: its text would put "1006" before "466".
    const { rows } = await client.query<InboxRow>(
      `SELECT i.id::text AS id, kind, route, sender, record, attempts FROM delivery_inbox i
        ORDER BY i.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [options.limit ?? BATCH],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const failed: { id: string; error: string }[] = [];
    let rejected = 0;
    const onFailure = async (event: QueuedEvent, err: unknown) => {
      const row = byId.get(event.id) as InboxRow;
      if (!dataErrorCode(err) && row.attempts + 1 < MAX_ATTEMPTS) {
        failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
        return false; // its key's later events wait behind it
      }
      await reject(ctx, row, err);
      rejected++;
      return true;
    };
    const done = await storeQueuedEvents(ctx, rows.map(read), onFailure);
    if (done.length) await client.query("DELETE FROM delivery_inbox WHERE id = ANY ($1::bigint[])", [done]);
    if (failed.length)
      await client.query(
        `UPDATE delivery_inbox i SET attempts = i.attempts + 1, last_error = f.error
         FROM unnest($1::bigint[], $2::text[]) AS f(id, error) WHERE i.id = f.id`,
        [failed.map((f) => f.id), failed.map((f) => f.error.slice(0, 2000))],
      );
    return { stored: done.length - rejected, rejected, failed: failed.length };
  });
}
