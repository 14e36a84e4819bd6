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

/** Appends a validated record for the worker to store; its inbox id once committed. */
export async function queueDeliveryEvent(ctx: Ctx, route: string, event: InboxEvent): Promise<string> {
  authorize(ctx, "ingest:delivery");
  return append({ kind: event.kind, route, sender: ctx.actor.label, record: JSON.stringify(event.record) });
}
