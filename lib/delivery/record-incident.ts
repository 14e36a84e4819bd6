// Stores one incident, idempotent on (source, externalKey) (upsert-incidents.ts). The link to a
// deployment is not stored: it is decided on read (list-incidents.ts), so a late deployment
// re-links without a job.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import type { RecordOutcome } from "@/lib/delivery/content-hash";
import type { Incident } from "@/lib/delivery/schemas";
import { upsertIncidents } from "@/lib/delivery/upsert-incidents";

export async function recordIncident(ctx: Ctx, incident: Incident): Promise<RecordOutcome> {
  authorize(ctx, "ingest:delivery");
  // One statement, atomic by itself: no transaction round trips on the webhook's hot path.
  const [written] = await upsertIncidents(pool(), [incident]);
  if (written.id) return { id: written.id, outcome: written.outcome };
  const same = await pool().query<{ id: string }>(
    "SELECT id::text FROM delivery_incident WHERE source = $1 AND external_key = $2",
    [incident.source, incident.externalKey],
  );
  return { id: same.rows[0].id, outcome: "unchanged" };
}
