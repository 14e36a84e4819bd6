import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { FINDING_COLUMNS, type FindingRow, toFindingView, type FindingView, UNDECIDED } from "./finding-records";
import { ListZombiesInput, nextOffsetCursor } from "./schemas";

// Findings a page at a time, filtered by rule, status, team, environment and text. "open" (the
// default) is what still needs someone: detected now and not yet rejected or verified.

const ORDER = {
  savings: "f.monthly_savings DESC NULLS LAST, f.id",
  "first-seen": "f.first_seen_at DESC, f.id",
  rule: "f.rule, f.monthly_savings DESC NULLS LAST, f.id",
} as const;

/** The WHERE clause and its parameters for a list or summary with these filters. */
export function findingFilter(q: ReturnType<typeof ListZombiesInput.parse>): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.status === "open") where.push("f.cleared_at IS NULL AND f.status NOT IN ('rejected', 'verified')");
  else if (q.status !== "all") {
    add((n) => `f.status = ${n}`, q.status);
    // An undecided finding the scan no longer sees needs nobody's decision.
    if (UNDECIDED.includes(q.status)) where.push("f.cleared_at IS NULL");
  }
  if (q.protected !== "include") where.push(q.protected === "only" ? "f.protected" : "NOT f.protected");
  if (q.rule) add((n) => `f.rule = ${n}`, q.rule);
  if (q.team) add((n) => `f.team = ${n}`, q.team);
  if (q.environment) add((n) => `f.environment = ${n}`, q.environment);
  if (q.q)
    add(
      (n) => `(f.resource_id ILIKE ${n} OR f.name ILIKE ${n} OR f.address ILIKE ${n} OR f.arn ILIKE ${n})`,
      `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
  return { where: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}

export async function listZombies(
  ctx: Ctx,
  input: ListZombiesInput,
): Promise<{ items: FindingView[]; nextCursor: string | null }> {
  authorize(ctx, "read");
  const q = parseInput(ListZombiesInput, input);
  const offset = q.cursor ?? 0;
  const { where, params } = findingFilter(q);
  const { rows } = await pool().query<FindingRow>(
    `SELECT ${FINDING_COLUMNS} FROM zombie_finding f ${where} ORDER BY ${ORDER[q.sort]}
      LIMIT ${q.limit + 1} OFFSET ${offset}`,
    params,
  );
  const more = rows.length > q.limit;
  return {
    items: rows.slice(0, q.limit).map(toFindingView),
    nextCursor: nextOffsetCursor(offset, q.limit, more),
  };
}
