import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { isUuid } from "../validation";
import { FINDING_COLUMNS, type FindingRow, toFindingView } from "./finding-records";

// One finding with its history (newest last) and its teardown plans.

const HISTORY_LIMIT = 200;

export async function getZombie(ctx: Ctx, id: string) {
  authorize(ctx, "read");
  if (!isUuid(id)) throw new VigilError("not_found", `no zombie finding ${id}`, { field: "id" });
  const { rows } = await pool().query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM zombie_finding f WHERE f.id = $1`, [
    id,
  ]);
  if (!rows[0]) throw new VigilError("not_found", `no zombie finding ${id}`, { field: "id" });
  const [events, plans] = await Promise.all([
    pool().query<{ at: Date; actor: string; action: string; reason: string | null; detail: Record<string, unknown> }>(
      `SELECT at, actor, action, reason, detail FROM (
         SELECT * FROM zombie_event WHERE finding_id = $1 ORDER BY at DESC, id DESC LIMIT ${HISTORY_LIMIT}) e
       ORDER BY at, id`,
      [id],
    ),
    pool().query<{ id: string; kind: string; file_name: string; created_by: string; created_at: Date }>(
      "SELECT id, kind, file_name, created_by, created_at FROM teardown_plan WHERE finding_id = $1 ORDER BY created_at",
      [id],
    ),
  ]);
  return {
    finding: toFindingView(rows[0]),
    history: events.rows.map((e) => ({ ...e, at: e.at.toISOString() })),
    plans: plans.rows.map((p) => ({
      id: p.id,
      kind: p.kind,
      fileName: p.file_name,
      createdBy: p.created_by,
      createdAt: p.created_at.toISOString(),
    })),
  };
}
