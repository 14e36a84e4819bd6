import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { fromScaled, toScaled } from "@/lib/decimal";
import { parseInput } from "../validation";
import { activeFilters, filterSql } from "./cost-filters";
import {
  averageOverDaysWithData,
  breakdownOf,
  type KeyDayCost,
  lastWeekUnitCost,
  moversOf,
  percentOf,
  stackDays,
  totalsByKey,
} from "./explorer-figures";
import { type CostExplorer, CostExplorerInput, type CostFilters, GROUPS, type GroupKey } from "./schemas";
import { UNALLOCATED } from "./reserved-keys";

// What the Costs page shows: allocated spend per day stacked by one dimension, narrowed by any
// filters, the unallocated share, the week-over-week movers and the unit cost over time.

type Metric = "billed" | "effective";

export async function costExplorer(ctx: Ctx, input: CostExplorerInput): Promise<CostExplorer> {
  authorize(ctx, "read");
  const { from, to, groupBy, metric, expand, page, ...filters } = parseInput(CostExplorerInput, input);
  const usage = usageFilter(filters);
  const read = await readExplorer({ from, to, groupBy, metric }, filters, usage);
  const { keys, days } = stackDays(read.costs, read.requestsByDay, { from, to });
  const totals = totalsByKey(read.costs);
  const grand = [...totals.values()].reduce((sum, amount) => sum + amount, 0n);
  const unallocated = read.costs.reduce((sum, row) => sum + toScaled(row.unallocated), 0n);
  const { average, daysWithData } = averageOverDaysWithData(days);
  const breakdown = breakdownOf(totals, grand, read.requestsByKey, { expand, page });
  return {
    from,
    to,
    groupBy,
    metric,
    filters,
    keys,
    days,
    total: fromScaled(grand),
    averagePerDay: average,
    daysWithData,
    unallocated: fromScaled(unallocated),
    unallocatedPercent: percentOf(unallocated, grand),
    unitCostLastWeek: lastWeekUnitCost(days),
    breakdown: breakdown.rows,
    breakdownKeys: breakdown.keys,
    expand,
    page,
    movers: moversOf(read.costs, to),
    requestsByKey: read.requestsByKey,
    requestsKnown: usage !== null,
    lastAllocatedAt: read.lastAllocatedAt,
  };
}

/** Telemetry knows features, app services and environments; a filter on anything else leaves requests unknown. */
function usageFilter(filters: CostFilters): { sql: string; params: string[] } | null {
  const active = activeFilters(filters);
  const columns: Partial<Record<GroupKey, string>> = { feature: "feature", appService: "service", env: "environment" };
  if (active.some(([key]) => !columns[key])) return null;
  return {
    sql: active.map(([key], index) => ` AND ${columns[key]} = $${3 + index}`).join(""),
    params: active.map(([key, value]) => (key === "feature" && value === UNALLOCATED ? "" : value)),
  };
}

/** The usage key matching a grouping, for the groupings telemetry knows (feature, app service). */
function usageKeyOf(groupBy: GroupKey): string | null {
  if (groupBy === "feature") return `COALESCE(NULLIF(feature, ''), '${UNALLOCATED}')`;
  return groupBy === "appService" ? "service" : null;
}

async function readExplorer(
  view: { from: string; to: string; groupBy: GroupKey; metric: Metric },
  filters: CostFilters,
  usage: { sql: string; params: string[] } | null,
) {
  const { from, to, groupBy, metric } = view;
  const where = filterSql(filters, 3);
  const usageKey = usage && usageKeyOf(groupBy);
  const usageWhere = `WHERE minute >= $1::date AND minute < $2::date${usage?.sql ?? ""}`;
  const [costs, byDay, state, byKey] = await Promise.all([
    pool().query<KeyDayCost & { unallocated: string }>(
      `SELECT day::text, ${GROUPS[groupBy]} AS key, sum(${metric}_cost)::text AS cost,
              COALESCE(sum(${metric}_cost) FILTER (WHERE feature = '${UNALLOCATED}'), 0)::text AS unallocated
       FROM cost_allocation WHERE day >= $1::date AND day < $2::date${where.sql} GROUP BY 1, 2 ORDER BY 1`,
      [from, to, ...where.params],
    ),
    usage
      ? pool().query<{ day: string; requests: string }>(
          `SELECT (minute AT TIME ZONE 'UTC')::date::text AS day, sum(requests)::text AS requests
           FROM feature_usage_minute ${usageWhere} GROUP BY 1`,
          [from, to, ...usage.params],
        )
      : null,
    pool().query<{ at: Date | null }>("SELECT max(computed_at) AS at FROM cost_allocation"),
    usageKey
      ? pool().query<{ key: string; requests: string }>(
          `SELECT ${usageKey} AS key, sum(requests)::text AS requests FROM feature_usage_minute ${usageWhere} GROUP BY 1`,
          [from, to, ...(usage?.params ?? [])],
        )
      : null,
  ]);
  return {
    costs: costs.rows,
    requestsByDay: new Map((byDay?.rows ?? []).map((row) => [row.day, Number(row.requests)])),
    requestsByKey: byKey ? Object.fromEntries(byKey.rows.map((row) => [row.key, Number(row.requests)])) : null,
    lastAllocatedAt: state.rows[0]?.at?.toISOString() ?? null,
  };
}
