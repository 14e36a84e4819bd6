import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { DRIFT_COLUMNS, type DriftRow, type DriftView, toDriftView } from "./drift-records";
import { encodeOffset, ListDriftInput } from "./schemas";

// Drift records a page at a time, newest seen first, filtered by status, workspace, kind and cause.

export async function listDrift(ctx: Ctx, input: ListDriftInput): Promise<{ items: DriftView[]; next: string | null }> {
  authorize(ctx, "read");
  const q = parseInput(ListDriftInput, input);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (column: string, value: unknown) => {
    params.push(value);
    where.push(`d.${column} = $${params.length}`);
  };
  if (q.status === "open") where.push("d.resolved_at IS NULL");
  if (q.status === "resolved") where.push("d.resolved_at IS NOT NULL");
  if (q.workspace) add("workspace", q.workspace);
  if (q.kind) add("kind", q.kind);
  if (q.cause) add("cause", q.cause);
  const offset = q.cursor ?? 0;
  const { rows } = await pool().query<DriftRow>(
    `SELECT ${DRIFT_COLUMNS} FROM drift_record d ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY d.last_seen_at DESC, d.id LIMIT ${q.limit + 1} OFFSET ${offset}`,
    params,
  );
  return {
    items: rows.slice(0, q.limit).map(toDriftView),
    next: rows.length > q.limit ? encodeOffset(offset + q.limit) : null,
  };
}
