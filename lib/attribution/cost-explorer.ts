import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { fromScaled } from "@/lib/decimal";
import { parseInput } from "../validation";
import {
  breakdownOf,
  type KeyDayCost,
  lastWeekUnitCost,
  moversOf,
  percentOf,
  stackDays,
  totalsByKey,
} from "./explorer-figures";
import { type CostExplorer, CostExplorerInput, GROUPS, type GroupKey } from "./schemas";
import { UNALLOCATED } from "./reserved-keys";

// What the Costs page shows: allocated spend per day stacked by one dimension, the unallocated
// share, the week-over-week movers and the unit cost (per 1,000 requests) over time.

export async function costExplorer(ctx: Ctx, input: CostExplorerInput | Record<string, string>): Promise<CostExplorer> {
  authorize(ctx, "read");
  const { from, to, groupBy, metric } = parseInput(CostExplorerInput, input);
  const { costs, requestsByDay, requestsByKey, lastAllocatedAt } = await readExplorer(from, to, groupBy, metric);
  const { keys, days } = stackDays(costs, requestsByDay, { from, to });
  const totals = totalsByKey(costs);
  const grand = [...totals.values()].reduce((sum, amount) => sum + amount, 0n);
  const unallocated = totals.get(UNALLOCATED) ?? 0n;
  return {
    from,
    to,
    groupBy,
    metric,
    keys,
    days,
    total: fromScaled(grand),
    averagePerDay: fromScaled(grand / BigInt(days.length || 1)),
    unallocated: fromScaled(unallocated),
    unallocatedPercent: percentOf(unallocated, grand),
    unitCostLastWeek: lastWeekUnitCost(days),
    breakdown: breakdownOf(days, grand, requestsByKey),
    movers: moversOf(costs, to),
    requestsByKey,
    lastAllocatedAt,
  };
}

/** The usage key matching a grouping, for the groupings telemetry knows (feature, app service). */
function usageKeyOf(groupBy: GroupKey): string | null {
  if (groupBy === "feature") return `COALESCE(NULLIF(feature, ''), '${UNALLOCATED}')`;
  return groupBy === "appService" ? "service" : null;
}

async function readExplorer(from: string, to: string, groupBy: GroupKey, metric: "billed" | "effective") {
  const usageKey = usageKeyOf(groupBy);
  const [costs, usage, state, byKey] = await Promise.all([
    pool().query<KeyDayCost>(
      `SELECT day::text, ${GROUPS[groupBy]} AS key, sum(${metric}_cost)::text AS cost FROM cost_allocation
       WHERE day >= $1::date AND day < $2::date GROUP BY 1, 2 ORDER BY 1`,
      [from, to],
    ),
    pool().query<{ day: string; requests: string }>(
      `SELECT (minute AT TIME ZONE 'UTC')::date::text AS day, sum(requests)::text AS requests FROM feature_usage_minute
       WHERE minute >= $1::date AND minute < $2::date GROUP BY 1`,
      [from, to],
    ),
    pool().query<{ at: Date | null }>("SELECT max(computed_at) AS at FROM cost_allocation"),
    usageKey
      ? pool().query<{ key: string; requests: string }>(
          `SELECT ${usageKey} AS key, sum(requests)::text AS requests FROM feature_usage_minute WHERE minute >= $1::date AND minute < $2::date GROUP BY 1`,
          [from, to],
        )
      : null,
  ]);
  return {
    costs: costs.rows,
    requestsByDay: new Map(usage.rows.map((row) => [row.day, Number(row.requests)])),
    requestsByKey: byKey ? Object.fromEntries(byKey.rows.map((row) => [row.key, Number(row.requests)])) : null,
    lastAllocatedAt: state.rows[0]?.at?.toISOString() ?? null,
  };
}
