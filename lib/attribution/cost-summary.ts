import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { filterSql } from "./cost-filters";
import { type CostByKey, CostSummaryInput, GROUPS } from "./schemas";

/**
 * Allocated spend over [from, to) grouped by one dimension, largest first, narrowed by any filters
 * (all must match); UNALLOCATED is a key like any other. The sum over all keys is the period's
 * billed (or effective) total.
 */
export async function costSummary(ctx: Ctx, input: CostSummaryInput | Record<string, string>): Promise<CostByKey[]> {
  authorize(ctx, "read");
  const { from, to, groupBy, metric, limit, offset, ...filters } = parseInput(CostSummaryInput, input);
  const column = GROUPS[groupBy];
  const where = filterSql(filters, 5);
  const { rows } = await pool().query<CostByKey>(
    `SELECT ${column} AS key, trim_scale(sum(${metric}_cost))::text AS cost
     FROM cost_allocation WHERE day >= $1::date AND day < $2::date${where.sql}
     GROUP BY 1 ORDER BY sum(${metric}_cost) DESC, 1 LIMIT $3 OFFSET $4`,
    [from, to, limit, offset, ...where.params],
  );
  return rows;
}
