// Stores what the asynchronous webhooks queued (queue-delivery-event.ts), oldest first, many at a
// time: new deployments then go many to a statement (record-deployment.ts). A row is deleted in the
// transaction that locked it, after its record committed; a crash in between stores it again, which
// changes nothing (the record verbs are idempotent). Events of one key are stored in arrival order.
// One bad record never holds up the others: one PostgreSQL refuses, or one failing MAX_ATTEMPTS
// times, goes to the rejected-events list; another failure leaves it (and its key's later events)
// for the next run.
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { recordRejectedEvent } from "@/lib/delivery/rejected-events";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { dataErrorCode } from "@/lib/errors";

const MAX_ATTEMPTS = 5;
const DATE_KEYS = new Set(["startedAt", "finishedAt", "authoredAt", "createdAt", "resolvedAt"]);

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

const revive = (text: string) =>
  JSON.parse(text, (key, value: unknown) =>
    DATE_KEYS.has(key) && typeof value === "string" ? new Date(value) : value,
  );

/** The record, or the error reading it; and the key whose events are stored in order. */
function read(row: InboxRow): { record: unknown; key: string } {
  try {
    const record = revive(row.record) as { source?: unknown; externalId?: unknown; externalKey?: unknown };
    return { record, key: JSON.stringify([row.kind, record.source, record.externalId ?? record.externalKey]) };
  } catch (err) {
    return { record: err, key: `row:${row.id}` }; // unreadable: alone, rejected after its attempts
  }
}

async function storeRow(ctx: Ctx, row: InboxRow, record: unknown): Promise<void> {
  if (record instanceof Error) throw record;
  if (row.kind === "deployment") await recordDeployment(ctx, record as Deployment);
  else await recordIncident(ctx, record as Incident);
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

/** Stores up to `limit` queued events (those another run holds are skipped). */
export async function storeDeliveryInbox(ctx: Ctx, options: { limit?: number } = {}): Promise<InboxRun> {
  authorize(ctx, "ingest:delivery");
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<InboxRow>(
      `SELECT id::text, kind, route, sender, record, attempts FROM delivery_inbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [options.limit ?? 1000],
    );
    const groups = new Map<string, { row: InboxRow; record: unknown }[]>();
    for (const row of rows) {
      const { record, key } = read(row);
      groups.set(key, [...(groups.get(key) ?? []), { row, record }]);
    }
    const done: string[] = [];
    const failed: { id: string; error: string }[] = [];
    let rejected = 0;
    const storeGroup = async (group: { row: InboxRow; record: unknown }[]) => {
      for (const { row, record } of group) {
        try {
          await storeRow(ctx, row, record);
        } catch (err) {
          if (!dataErrorCode(err) && row.attempts + 1 < MAX_ATTEMPTS) {
            failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
            return; // its key's later events wait behind it
          }
          await reject(ctx, row, err);
          rejected++;
        }
        done.push(row.id);
      }
    };
    await Promise.all([...groups.values()].map(storeGroup));
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
