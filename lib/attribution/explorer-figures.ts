import { fromScaled, perThousand, toScaled } from "@/lib/decimal";
import { addDays } from "../time";
import { type BreakdownRow, type CostDay, type Mover } from "./schemas";
import { OTHER, UNALLOCATED } from "./reserved-keys";

// The Costs page's figures from allocated spend per day and key: the stacked days, the breakdown,
// the movers, shares and unit costs, exact to the last decimal until a share is shown as a percent.

/** Keys drawn on their own; the rest are summed as OTHER. */
const SHOWN_KEYS = 8;

export interface KeyDayCost {
  day: string;
  key: string;
  cost: string;
}

const descending = (a: bigint, b: bigint) => (b > a ? 1 : b < a ? -1 : 0);

/** `part` as a percentage of `whole`, or null when the whole is not positive. */
export function percentOf(part: bigint, whole: bigint): number | null {
  return whole > 0n ? (Number(part) / Number(whole)) * 100 : null;
}

/** Spend per key over all days. */
export function totalsByKey(rows: KeyDayCost[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(row.key, (totals.get(row.key) ?? 0n) + toScaled(row.cost));
  return totals;
}

/**
 * One entry per day of [from, to), stacked by the SHOWN_KEYS largest keys, the rest as OTHER and
 * UNALLOCATED always on its own; a day without cost lines yet (bills lag a day) has no unit cost.
 */
export function stackDays(
  rows: KeyDayCost[],
  requestsByDay: Map<string, number>,
  window: { from: string; to: string },
) {
  const ranked = [...totalsByKey(rows).entries()]
    .filter(([key]) => key !== UNALLOCATED)
    .sort((a, b) => descending(a[1], b[1]));
  const shown = new Set(ranked.slice(0, SHOWN_KEYS).map(([key]) => key));
  const hasUnallocated = rows.some((row) => row.key === UNALLOCATED);
  const keys = [...shown, ...(ranked.length > SHOWN_KEYS ? [OTHER] : []), ...(hasUnallocated ? [UNALLOCATED] : [])];
  const byDay = new Map<string, Map<string, bigint>>();
  for (let day = window.from; day < window.to; day = addDays(day, 1)) byDay.set(day, new Map());
  for (const row of rows) {
    const key = shown.has(row.key) || row.key === UNALLOCATED ? row.key : OTHER;
    const amounts = byDay.get(row.day);
    if (amounts) amounts.set(key, (amounts.get(key) ?? 0n) + toScaled(row.cost));
  }
  const days = [...byDay.entries()].map(([day, amounts]): CostDay => {
    const total = [...amounts.values()].reduce((sum, amount) => sum + amount, 0n);
    const requests = requestsByDay.get(day) ?? 0;
    return {
      day,
      byKey: Object.fromEntries([...amounts].map(([key, amount]) => [key, fromScaled(amount)])),
      total: fromScaled(total),
      requests,
      unitCost: total === 0n ? null : perThousand(total, requests),
    };
  });
  return { keys, days };
}

/** The stacked keys' totals over the window, largest first, with their share and, where known, requests and unit cost. */
export function breakdownOf(
  days: CostDay[],
  total: bigint,
  requestsByKey: Record<string, number> | null,
): BreakdownRow[] {
  const amounts = new Map<string, bigint>();
  for (const day of days)
    for (const [key, amount] of Object.entries(day.byKey))
      amounts.set(key, (amounts.get(key) ?? 0n) + toScaled(amount));
  return [...amounts.entries()]
    .sort((a, b) => descending(a[1], b[1]))
    .map(([key, amount]) => {
      const requests = requestsByKey ? (requestsByKey[key] ?? 0) : null;
      return {
        key,
        cost: fromScaled(amount),
        percent: percentOf(amount, total),
        requests,
        unitCost: requests === null ? null : perThousand(amount, requests),
      };
    });
}

/** Cost per 1,000 requests over the last 7 days that have spend. */
export function lastWeekUnitCost(days: CostDay[]): string | null {
  const recent = days.filter((day) => day.unitCost !== null).slice(-7);
  return perThousand(
    recent.reduce((sum, day) => sum + toScaled(day.total), 0n),
    recent.reduce((sum, day) => sum + day.requests, 0),
  );
}

/** The last 7 days against the 7 before, per key, largest absolute change first. */
export function moversOf(rows: KeyDayCost[], to: string): Mover[] {
  const lastStart = addDays(to, -7);
  const beforeStart = addDays(to, -14);
  const weeks = new Map<string, [bigint, bigint]>();
  for (const row of rows) {
    if (row.day < beforeStart) continue;
    const pair = weeks.get(row.key) ?? [0n, 0n];
    pair[row.day >= lastStart ? 0 : 1] += toScaled(row.cost);
    weeks.set(row.key, pair);
  }
  const magnitude = (n: bigint) => (n < 0n ? -n : n);
  return [...weeks.entries()]
    .map(([key, [last, before]]) => ({ key, last, before, change: last - before }))
    .sort((a, b) => descending(magnitude(a.change), magnitude(b.change)) || a.key.localeCompare(b.key))
    .slice(0, 8)
    .map(({ key, last, before, change }) => ({
      key,
      lastWeek: fromScaled(last),
      weekBefore: fromScaled(before),
      change: fromScaled(change),
      changePercent: percentOf(change, before),
    }));
}
