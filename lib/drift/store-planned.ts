import type pg from "pg";
import type { PlannedChange } from "./schemas";
import type { ImportScope } from "./store-observations";

// Changes a plan would make: code not yet applied. Open until a later plan of the workspace no
// longer has them (then "applied" on the timeline). driftctl scans say nothing about plans.

export async function storePlanned(
  client: pg.ClientBase,
  scope: ImportScope,
  planned: readonly PlannedChange[],
): Promise<void> {
  if (scope.format === "driftctl") return;
  const unique = [...new Map(planned.map((change) => [change.address, change])).values()];
  for (const change of unique) {
    const updated = await client.query(
      `UPDATE drift_planned SET actions = $3::jsonb, replace = $4, reason = $5, changes = $6::jsonb,
         last_seen_at = GREATEST(last_seen_at, $7), last_import_id = $8
       WHERE workspace = $1 AND address = $2 AND resolved_at IS NULL`,
      [
        scope.workspace,
        change.address,
        JSON.stringify(change.actions),
        change.replace,
        change.reason,
        JSON.stringify(change.changes),
        scope.at,
        scope.importId,
      ],
    );
    if (updated.rowCount) continue;
    await client.query(
      `INSERT INTO drift_planned (workspace, address, resource_type, actions, replace, reason, changes, first_seen_at,
         last_seen_at, last_import_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $8, $9)`,
      [
        scope.workspace,
        change.address,
        change.type,
        JSON.stringify(change.actions),
        change.replace,
        change.reason,
        JSON.stringify(change.changes),
        scope.at,
        scope.importId,
      ],
    );
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
