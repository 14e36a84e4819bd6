// Stores one incident, idempotent on (source, externalKey). Its team is its service's (the service
// registry's, else the team of the service's latest deployment). The link to a deployment is not
// stored: it is decided on read (list-incidents.ts), so a late deployment re-links without a job.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { contentHash, type RecordOutcome } from "@/lib/delivery/content-hash";
import type { Incident } from "@/lib/delivery/schemas";

export async function recordIncident(ctx: Ctx, incident: Incident): Promise<RecordOutcome> {
  authorize(ctx, "ingest:delivery");
  const hash = contentHash(incident);
  const i = incident;
  // One statement, atomic by itself: no transaction round trips on the webhook's hot path.
  const { rows } = await pool().query<{ id: string; previous_hash: string | null }>({
    name: "delivery-upsert-incident",
    text: `WITH previous AS (SELECT content_hash FROM delivery_incident WHERE source = $1 AND external_key = $2)
       INSERT INTO delivery_incident AS i (source, external_key, service, team, title, status, severity, url,
         created_at, resolved_at, content_hash)
       VALUES ($1, $2, $3, COALESCE((SELECT team FROM service WHERE name = $3),
         (SELECT team FROM delivery_deployment WHERE service = $3 ORDER BY finished_at DESC LIMIT 1)),
         $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (source, external_key) DO UPDATE SET service = excluded.service, team = excluded.team,
         title = excluded.title, status = excluded.status, severity = excluded.severity, url = excluded.url,
         created_at = excluded.created_at, resolved_at = excluded.resolved_at,
         content_hash = excluded.content_hash, updated_at = now()
       WHERE i.content_hash <> excluded.content_hash
       RETURNING i.id::text, (SELECT content_hash FROM previous) AS previous_hash`,
    values: [i.source, i.externalKey, i.service, i.title, i.status, i.severity, i.url, i.createdAt, i.resolvedAt, hash],
  });
  if (rows[0]) return { id: rows[0].id, outcome: rows[0].previous_hash === null ? "created" : "updated" };
  const same = await pool().query<{ id: string }>(
    "SELECT id::text FROM delivery_incident WHERE source = $1 AND external_key = $2",
    [i.source, i.externalKey],
  );
  return { id: same.rows[0].id, outcome: "unchanged" };
}
