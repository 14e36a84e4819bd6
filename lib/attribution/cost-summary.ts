import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { blankAsUnset, day, integer, oneOf, parseInput } from "../validation";

export const GROUPS = {
  provider: "provider_name",
  service: "service_name",
  feature: "feature",
  team: "team",
  env: "environment",
  resource: "resource_id",
  appService: "app_service",
} as const;

export const GROUP_KEYS = Object.keys(GROUPS) as [keyof typeof GROUPS, ...(keyof typeof GROUPS)[]];

export const CostSummaryInput = z
  .object({
    from: day(),
    to: day(),
    groupBy: z.preprocess(blankAsUnset, oneOf(GROUP_KEYS).default("feature")),
    metric: z.preprocess(blankAsUnset, oneOf(["billed", "effective"]).default("effective")),
    limit: z.preprocess(blankAsUnset, integer(1, 1000).default(200)),
  })
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] });
export type CostSummaryInput = z.input<typeof CostSummaryInput>;

export interface CostByKey {
  key: string;
  /** Exact decimal, as a string. */
  cost: string;
}

/**
 * Allocated spend over [from, to) grouped by one dimension, largest first; `__unallocated__` is a
 * key like any other. The sum over all keys is the period's billed (or effective) total.
 */
export async function costSummary(ctx: Ctx, input: CostSummaryInput | Record<string, string>): Promise<CostByKey[]> {
  authorize(ctx, "read");
  const { from, to, groupBy, metric, limit } = parseInput(CostSummaryInput, input);
  const column = GROUPS[groupBy];
  const { rows } = await pool().query<CostByKey>(
    `SELECT ${column} AS key, trim_scale(sum(${metric}_cost))::text AS cost
     FROM cost_allocation WHERE day >= $1::date AND day < $2::date
     GROUP BY 1 ORDER BY sum(${metric}_cost) DESC, 1 LIMIT $3`,
    [from, to, limit],
  );
  return rows;
}
