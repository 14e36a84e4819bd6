import { fromScaled, perThousand, toScaled } from "@/lib/decimal";
import { addDays } from "../time";
import { BREAKDOWN_PAGE, type BreakdownRow, type CostDay, type Mover } from "./schemas";
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

/** The keys drawn on their own: the SHOWN_KEYS largest, UNALLOCATED aside (it is always on its own). */
function shownKeys(totals: Map<string, bigint>): { shown: Set<string>; rest: number } {
  const ranked = [...totals.entries()]
    .filter(([key]) => key !== UNALLOCATED)
    .sort((a, b) => descending(a[1], b[1]) || a[0].localeCompare(b[0]));
  return { shown: new Set(ranked.slice(0, SHOWN_KEYS).map(([key]) => key)), rest: ranked.length - SHOWN_KEYS };
}

/** The total per day over the days that have spend; a window longer than the data is not diluted. */
export function averageOverDaysWithData(days: CostDay[]): { average: string; daysWithData: number } {
  const withData = days.filter((day) => Object.keys(day.byKey).length > 0);
  const total = withData.reduce((sum, day) => sum + toScaled(day.total), 0n);
  return { average: fromScaled(withData.length ? total / BigInt(withData.length) : 0n), daysWithData: withData.length };
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
  const { shown, rest } = shownKeys(totalsByKey(rows));
  const hasUnallocated = rows.some((row) => row.key === UNALLOCATED);
  const keys = [...shown, ...(rest > 0 ? [OTHER] : []), ...(hasUnallocated ? [UNALLOCATED] : [])];
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

/**
 * The window's spend per key, largest first, with share and, where known, requests and unit cost:
 * the chart's keys with the rest as OTHER, or, expanded, every key a page at a time.
 */
export function breakdownOf(
  totals: Map<string, bigint>,
  grand: bigint,
  requestsByKey: Record<string, number> | null,
  view: { expand: boolean; page: number } = { expand: false, page: 0 },
): { rows: BreakdownRow[]; keys: number } {
  const amounts = new Map<string, bigint>();
  const requests = new Map<string, number>();
  const { shown } = shownKeys(totals);
  for (const [key, amount] of totals) {
    const shownAs = view.expand || shown.has(key) || key === UNALLOCATED ? key : OTHER;
    amounts.set(shownAs, (amounts.get(shownAs) ?? 0n) + amount);
    requests.set(shownAs, (requests.get(shownAs) ?? 0) + (requestsByKey?.[key] ?? 0));
  }
  const sorted = [...amounts.entries()].sort((a, b) => descending(a[1], b[1]) || a[0].localeCompare(b[0]));
  const page = view.expand ? sorted.slice(view.page * BREAKDOWN_PAGE, (view.page + 1) * BREAKDOWN_PAGE) : sorted;
  const rows = page.map(([key, amount]) => {
    const count = requestsByKey ? (requests.get(key) ?? 0) : null;
    return {
      key,
      cost: fromScaled(amount),
      percent: percentOf(amount, grand),
      requests: count,
      unitCost: count === null ? null : perThousand(amount, count),
    };
  });
  return { rows, keys: totals.size };
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
