import type pg from "pg";
import type { PlannedChange } from "./schemas";
import type { ImportScope } from "./store-observations";

// Changes a plan would make: code not yet applied. Open until a later plan of the workspace no
// longer has them (then "applied" on the timeline). driftctl scans say nothing about plans.

// One statement for a change seen before (refreshed; its type and first sighting kept) and a new
// one; PostgreSQL 18's RETURNING old.* tells them apart, and only a new one is a timeline event.
const UPSERT = `INSERT INTO drift_planned AS p (workspace, address, resource_type, actions, replace, reason, changes,
    first_seen_at, last_seen_at, last_import_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $8, $9)
  ON CONFLICT (workspace, address) WHERE resolved_at IS NULL DO UPDATE SET actions = excluded.actions,
    replace = excluded.replace, reason = excluded.reason, changes = excluded.changes,
    last_seen_at = GREATEST(p.last_seen_at, excluded.last_seen_at), last_import_id = excluded.last_import_id
  RETURNING old.id IS NULL AS inserted`;

export async function storePlanned(
  client: pg.ClientBase,
  scope: ImportScope,
  planned: readonly PlannedChange[],
): Promise<void> {
  if (scope.format === "driftctl") return;
  const unique = [...new Map(planned.map((change) => [change.address, change])).values()];
  for (const change of unique) {
    const { rows } = await client.query<{ inserted: boolean }>(UPSERT, [
      scope.workspace,
      change.address,
      change.type,
      JSON.stringify(change.actions),
      change.replace,
      change.reason,
      JSON.stringify(change.changes),
      scope.at,
      scope.importId,
    ]);
    if (!rows[0].inserted) continue;
    await client.query(
      `INSERT INTO drift_event (workspace, address, import_id, at, event, changes) VALUES ($1, $2, $3, $4, 'planned', $5::jsonb)`,
      [scope.workspace, change.address, scope.importId, scope.at, JSON.stringify(change.changes)],
    );
  }
  const gone = await client.query<{ address: string }>(
    `UPDATE drift_planned SET resolved_at = $2 WHERE workspace = $1 AND resolved_at IS NULL AND first_seen_at <= $2
       AND NOT (address = ANY($3::text[])) RETURNING address`,
    [scope.workspace, scope.at, unique.map((change) => change.address)],
  );
  for (const row of gone.rows)
    await client.query(
      `INSERT INTO drift_event (workspace, address, import_id, at, event) VALUES ($1, $2, $3, $4, 'applied')`,
      [scope.workspace, row.address, scope.importId, scope.at],
    );
}
