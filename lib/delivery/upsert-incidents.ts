// The incident writer's statement, for one incident (recordIncident) or many (the worker storing
// queued events): idempotent on (source, externalKey), a re-send with the same content writes
// nothing. Its team is its service's (the service registry's, else the team of the service's latest
// deployment). Keys must be distinct within a call.
import type pg from "pg";
import { contentHash } from "@/lib/delivery/content-hash";
import type { Incident } from "@/lib/delivery/schemas";

const SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::timestamptz[], $9::timestamptz[], $10::text[]) WITH ORDINALITY
    AS i(source, external_key, service, title, status, severity, url, created_at, resolved_at, content_hash, n)
), previous AS (
  SELECT source, external_key FROM input JOIN delivery_incident USING (source, external_key)
)
INSERT INTO delivery_incident AS i (source, external_key, service, team, title, status, severity, url,
  created_at, resolved_at, content_hash)
SELECT source, external_key, service, COALESCE((SELECT s.team FROM service s WHERE s.name = x.service),
    (SELECT d.team FROM delivery_deployment d WHERE d.service = x.service ORDER BY d.finished_at DESC LIMIT 1)),
  title, status, severity, url, created_at, resolved_at, content_hash
  FROM input x ORDER BY source, external_key
ON CONFLICT (source, external_key) DO UPDATE SET service = excluded.service, team = excluded.team,
  title = excluded.title, status = excluded.status, severity = excluded.severity, url = excluded.url,
  created_at = excluded.created_at, resolved_at = excluded.resolved_at,
  content_hash = excluded.content_hash, updated_at = now()
WHERE i.content_hash <> excluded.content_hash
RETURNING i.id::text, i.source, i.external_key,
  EXISTS (SELECT 1 FROM previous p WHERE p.source = i.source AND p.external_key = i.external_key) AS existed`;

export interface IncidentWrite {
  /** Null when the stored incident already had this content (nothing written). */
  id: string | null;
  outcome: "created" | "updated" | "unchanged";
}

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** Stores the incidents in one statement (atomic by itself); what happened to each, in their order. */
export async function upsertIncidents(
  db: pg.Pool | pg.ClientBase,
  list: readonly Incident[],
): Promise<IncidentWrite[]> {
  if (!list.length) return [];
  const column = <T>(of: (i: Incident) => T) => list.map(of);
  const { rows } = await db.query<{ id: string; source: string; external_key: string; existed: boolean }>({
    // Prepared only for small lists, as insert-new-deployments.ts does (a generic plan nests loops).
    name: list.length <= 64 ? "delivery-upsert-incidents" : undefined,
    text: SQL,
    values: [
      column((i) => i.source),
      column((i) => i.externalKey),
      column((i) => i.service),
      column((i) => i.title),
      column((i) => i.status),
      column((i) => i.severity),
      column((i) => i.url),
      column((i) => iso(i.createdAt)),
      column((i) => iso(i.resolvedAt)),
      column((i) => contentHash(i)),
    ],
  });
  const written = new Map(rows.map((r) => [JSON.stringify([r.source, r.external_key]), r]));
  return list.map((i) => {
    const row = written.get(JSON.stringify([i.source, i.externalKey]));
    if (!row) return { id: null, outcome: "unchanged" };
    return { id: row.id, outcome: row.existed ? "updated" : "created" };
  });
}
