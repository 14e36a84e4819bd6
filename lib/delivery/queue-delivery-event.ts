// The asynchronous path of the delivery webhooks: a validated record is appended to
// delivery_inbox and the sender answered once that row is committed (durable: a crash after the
// answer loses nothing), and the worker stores it in large batches (store-delivery-inbox.ts).
// Appends arriving together go in one statement and one commit (lib/coalesce.ts).
import { coalesce } from "@/lib/coalesce";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import type { Deployment, Incident } from "@/lib/delivery/schemas";

export type InboxEvent = { kind: "deployment"; record: Deployment } | { kind: "incident"; record: Incident };

interface Append {
  kind: InboxEvent["kind"];
  route: string;
  sender: string;
  record: string;
}

const APPEND = `INSERT INTO delivery_inbox (kind, route, sender, record)
  SELECT kind, route, sender, record FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS a(kind, route, sender, record, n)
  ORDER BY n RETURNING id::text`;

const append = coalesce(
  async (items: Append[]): Promise<string[]> => {
    const { rows } = await pool().query<{ id: string }>({
      name: "delivery-inbox-append",
      text: APPEND,
      values: [
        items.map((i) => i.kind),
        items.map((i) => i.route),
        items.map((i) => i.sender),
        items.map((i) => i.record),
      ],
    });
    // Each row's id is drawn in the order rows are inserted (ORDER BY n): ascending ids are the items' order.
    return rows
      .map((row) => BigInt(row.id))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map(String);
  },
  { maxBatch: 256, maxInFlight: 2 },
);

/** The most events queued before senders are answered synchronously again (about a minute of the worker's work). */
export const MAX_QUEUED = 100_000;
const DEPTH_MS = 1_000;
let depth: { at: number; rows: Promise<number> } | null = null;

/** How many events are queued (counted up to MAX_QUEUED), read at most once a second per process. */
function queueDepth(now: number): Promise<number> {
  if (!depth || now - depth.at > DEPTH_MS) {
    const rows = pool()
      .query<{ n: number }>("SELECT count(*)::int AS n FROM (SELECT 1 FROM delivery_inbox LIMIT $1) q", [MAX_QUEUED])
      .then(({ rows }) => rows[0].n);
    depth = { at: now, rows };
    rows.catch(() => (depth = null));
  }
  return depth.rows;
}

/**
 * Appends a validated record for the worker to store; its inbox id once committed, or null when
 * `maxQueued` events are already waiting: the queue stays bounded, and the caller stores the event
 * itself (a slower answer is the sender's back-pressure).
 */
export async function queueDeliveryEvent(
  ctx: Ctx,
  route: string,
  event: InboxEvent,
  maxQueued = MAX_QUEUED,
): Promise<string | null> {
  authorize(ctx, "ingest:delivery");
  if ((await queueDepth(Date.now())) >= maxQueued) return null;
  return append({ kind: event.kind, route, sender: ctx.actor.label, record: JSON.stringify(event.record) });
}
