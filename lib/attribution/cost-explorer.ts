import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { fromScaled, perThousand, toScaled } from "@/lib/decimal";
import { addDays } from "../time";
import { day, oneOf, parseInput } from "../validation";
import { UNALLOCATED } from "./allocate-costs";
import { GROUP_KEYS, GROUPS } from "./cost-summary";

// What the Costs page shows: allocated spend per day stacked by one dimension, the unallocated
// share, the week-over-week movers and the unit cost (per 1,000 requests) over time.

/** The explorer draws one bar per day: a year of them at most. */
const MAX_DAYS = 366;

export const CostExplorerInput = z
  .object({
    from: day(),
    to: day(),
    groupBy: oneOf(GROUP_KEYS).default("feature"),
    metric: oneOf(["billed", "effective"]).default("effective"),
  })
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= MAX_DAYS * 86_400_000, {
    message: `the window may be at most ${MAX_DAYS} days`,
    path: ["to"],
  });
export type CostExplorerInput = z.input<typeof CostExplorerInput>;

/** Keys drawn on their own; the rest are summed as "other". */
const SHOWN_KEYS = 8;
export const OTHER = "__other__";

export interface CostDay {
  day: string;
  byKey: Record<string, string>;
  total: string;
  requests: number;
  /** Cost per 1,000 entry requests that day, or null without requests. */
  unitCost: string | null;
}

export interface Mover {
  key: string;
  lastWeek: string;
  weekBefore: string;
  change: string;
}

export interface CostExplorer {
  from: string;
  to: string;
  groupBy: keyof typeof GROUPS;
  metric: "billed" | "effective";
  keys: string[];
  days: CostDay[];
  total: string;
  unallocated: string;
  movers: Mover[];
  /** Entry requests per key over the window, for the groupings telemetry knows (feature, app service). */
  requestsByKey: Record<string, number> | null;
  lastAllocatedAt: string | null;
}

export async function costExplorer(ctx: Ctx, input: CostExplorerInput | Record<string, string>): Promise<CostExplorer> {
  authorize(ctx, "read");
  const { from, to, groupBy, metric } = parseInput(CostExplorerInput, input);
  const column = GROUPS[groupBy];
  const usageKey =
    groupBy === "feature"
      ? `COALESCE(NULLIF(feature, ''), '${UNALLOCATED}')`
      : groupBy === "appService"
        ? "service"
        : null;
  const [costs, usage, state, byKey] = await Promise.all([
    pool().query<{ day: string; key: string; cost: string }>(
      `SELECT day::text, ${column} AS key, sum(${metric}_cost)::text AS cost FROM cost_allocation
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
  const totals = new Map<string, bigint>();
  for (const row of costs.rows) totals.set(row.key, (totals.get(row.key) ?? 0n) + toScaled(row.cost));
  const ranked = [...totals.entries()]
    .filter(([key]) => key !== UNALLOCATED)
    .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
  const shown = new Set(ranked.slice(0, SHOWN_KEYS).map(([key]) => key));
  const keys = [
    ...shown,
    ...(ranked.length > SHOWN_KEYS ? [OTHER] : []),
    ...(totals.has(UNALLOCATED) ? [UNALLOCATED] : []),
  ];
  const requestsByDay = new Map(usage.rows.map((row) => [row.day, Number(row.requests)]));
  const byDay = new Map<string, Map<string, bigint>>();
  for (let day = from; day < to; day = addDays(day, 1)) byDay.set(day, new Map());
  for (const row of costs.rows) {
    const key = shown.has(row.key) || row.key === UNALLOCATED ? row.key : OTHER;
    const day = byDay.get(row.day);
    if (day) day.set(key, (day.get(key) ?? 0n) + toScaled(row.cost));
  }
  const days = [...byDay.entries()].map(([day, amounts]): CostDay => {
    const total = [...amounts.values()].reduce((sum, amount) => sum + amount, 0n);
    const requests = requestsByDay.get(day) ?? 0;
    // A day without cost lines yet (bills lag a day) has no unit cost, rather than a zero one.
    return {
      day,
      byKey: Object.fromEntries([...amounts].map(([key, amount]) => [key, fromScaled(amount)])),
      total: fromScaled(total),
      requests,
      unitCost: total === 0n ? null : perThousand(total, requests),
    };
  });
  const grand = [...totals.values()].reduce((sum, amount) => sum + amount, 0n);
  return {
    from,
    to,
    groupBy,
    metric,
    keys,
    days,
    total: fromScaled(grand),
    unallocated: fromScaled(totals.get(UNALLOCATED) ?? 0n),
    movers: moversOf(costs.rows, to),
    requestsByKey: byKey ? Object.fromEntries(byKey.rows.map((row) => [row.key, Number(row.requests)])) : null,
    lastAllocatedAt: state.rows[0]?.at?.toISOString() ?? null,
  };
}

/** The last 7 days against the 7 before, per key, largest absolute change first. */
function moversOf(rows: { day: string; key: string; cost: string }[], to: string): Mover[] {
  const lastStart = addDays(to, -7);
  const beforeStart = addDays(to, -14);
  const weeks = new Map<string, [bigint, bigint]>();
  for (const row of rows) {
    if (row.day < beforeStart) continue;
    const pair = weeks.get(row.key) ?? [0n, 0n];
    pair[row.day >= lastStart ? 0 : 1] += toScaled(row.cost);
    weeks.set(row.key, pair);
  }
  return [...weeks.entries()]
    .map(([key, [last, before]]) => ({ key, last, before, change: last - before }))
    .sort((a, b) => {
      const x = a.change < 0n ? -a.change : a.change;
      const y = b.change < 0n ? -b.change : b.change;
      return y > x ? 1 : y < x ? -1 : a.key.localeCompare(b.key);
    })
    .slice(0, 8)
    .map(({ key, last, before, change }) => ({
      key,
      lastWeek: fromScaled(last),
      weekBefore: fromScaled(before),
      change: fromScaled(change),
    }));
}
