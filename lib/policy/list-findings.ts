import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { FINDING_COLUMNS, type FindingRow, type FindingView, SEVERITY_RANK, toFindingView } from "./finding-records";
import { ListFindingsInput } from "./schemas";

// Findings a page at a time, most severe first, from Vigil's rules and imported scanners alike.

export async function listFindings(
  ctx: Ctx,
  input: ListFindingsInput,
): Promise<{ items: FindingView[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const q = parseInput(ListFindingsInput, input);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.status !== "all") add((n) => `f.status = ${n}`, q.status);
  if (q.severity) add((n) => `f.severity = ${n}`, q.severity);
  if (q.tool) add((n) => `f.tool = ${n}`, q.tool);
  if (q.environment !== undefined) add((n) => `f.environment = ${n}`, q.environment);
  if (q.cursor) {
    params.push(q.cursor.rank, q.cursor.id);
    where.push(`(${SEVERITY_RANK}, f.id) > ($${params.length - 1}::int, $${params.length}::uuid)`);
  }
  const { rows } = await pool().query<FindingRow>(
    `SELECT ${FINDING_COLUMNS} FROM policy_finding f ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY ${SEVERITY_RANK}, f.id LIMIT ${q.limit + 1}`,
    params,
  );
  const more = rows.length > q.limit;
  const last = rows[q.limit - 1];
  return {
    items: rows.slice(0, q.limit).map(toFindingView),
    nextCursor: more && last ? Buffer.from(`${last.rank}/${last.id}`).toString("base64url") : null,
  };
}
