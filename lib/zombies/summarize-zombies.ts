import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { money } from "./finding-records";
import { findingFilter } from "./list-zombies";
import { ListZombiesInput } from "./schemas";

// The Zombies page's totals and groups, over the same filters as the list (one question, one
// number: the tiles and the table read the same rows). Money per currency, never summed across.

interface Group {
  key: string;
  findings: number;
  savings: { currency: string | null; amount: string | null }[];
}

const GROUP_SQL = (column: string, where: string) =>
  `SELECT coalesce(${column}, '') AS key, trim(f.currency) AS currency, count(*)::int AS findings,
     sum(f.monthly_savings)::text AS amount
   FROM zombie_finding f ${where} GROUP BY 1, 2 ORDER BY 1, 2`;

function grouped(rows: { key: string; currency: string | null; findings: number; amount: string | null }[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const group = groups.get(row.key) ?? { key: row.key, findings: 0, savings: [] };
    group.findings += row.findings;
    group.savings.push({ currency: row.currency, amount: money(row.amount) });
    groups.set(row.key, group);
  }
  return [...groups.values()];
}

export async function summarizeZombies(ctx: Ctx, input: ListZombiesInput) {
  authorize(ctx, "read");
  const q = parseInput(ListZombiesInput, { ...input, cursor: undefined });
  const { where, params } = findingFilter(q);
  const [byRule, byTeam, byEnvironment] = await Promise.all(
    ["f.rule", "f.team", "f.environment"].map(async (column) =>
      grouped((await pool().query(GROUP_SQL(column, where), params)).rows),
    ),
  );
  return { byRule, byTeam, byEnvironment };
}
