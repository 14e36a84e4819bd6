import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { isUuid } from "../validation";
import { DRIFT_COLUMNS, type DriftRow, toDriftView } from "./drift-records";
import { traceImpact } from "./trace-impact";

// One drift record with its resource's timeline (every detection, change, resolution and planned
// change at that address in its workspace, oldest first), the code changes still pending there,
// and the services whose traces changed around its detection (read now: the rollups grow after it).

const TIMELINE_LIMIT = 500;

export async function getDrift(ctx: Ctx, id: string) {
  authorize(ctx, "read");
  const row = isUuid(id)
    ? (await pool().query<DriftRow>(`SELECT ${DRIFT_COLUMNS} FROM drift_record d WHERE d.id = $1`, [id])).rows[0]
    : undefined;
  if (!row) throw new VigilError("not_found", "No such drift record");
  const events = await pool().query<{
    id: string;
    at: Date;
    event: string;
    kind: string | null;
    changes: unknown;
    importId: string;
    format: string;
  }>(
    `SELECT e.id::text AS id, e.at, e.event, e.kind, e.changes, e.import_id AS "importId", i.format
       FROM drift_event e JOIN drift_import i ON i.id = e.import_id
      WHERE e.workspace = $1 AND e.address = $2 ORDER BY e.at, e.id LIMIT ${TIMELINE_LIMIT}`,
    [row.workspace, row.address],
  );
  const pending = await pool().query<{
    actions: string[];
    replace: boolean;
    reason: string | null;
    changes: unknown;
    firstSeen: Date;
  }>(
    `SELECT actions, replace, reason, changes, first_seen_at AS "firstSeen" FROM drift_planned
      WHERE workspace = $1 AND address = $2 AND resolved_at IS NULL`,
    [row.workspace, row.address],
  );
  const window = row.cause_evidence.window as { from?: string } | undefined;
  const impact = await traceImpact(pool(), {
    cloudId: row.cloud_id,
    workspace: row.workspace,
    detectedAt: row.first_seen_at,
    lookedSince: new Date(window?.from ?? row.first_seen_at.getTime() - 7 * 86_400_000),
    now: new Date(),
  });
  return {
    ...toDriftView(row),
    traceImpact: impact,
    timeline: events.rows.map((event) => ({ ...event, at: event.at.toISOString() })),
    pendingChange: pending.rows[0] ? { ...pending.rows[0], firstSeen: pending.rows[0].firstSeen.toISOString() } : null,
  };
}
