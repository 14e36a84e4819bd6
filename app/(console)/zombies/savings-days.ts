import { addDays, daysBetween } from "@/lib/time";

interface SavingsDay {
  day: string;
  currency: string;
  estimated: string;
  approved: string;
  realised: string;
}

/**
 * One currency's days from its first recorded day to its last, each day without a scan holding the
 * figures of the day before (savings change only when a scan or a decision runs), so the day axis is even.
 */
export function everyDay<T extends SavingsDay>(rows: readonly T[], currency: string): T[] {
  const mine = rows.filter((row) => row.currency === currency).sort((a, b) => (a.day < b.day ? -1 : 1));
  if (!mine.length) return [];
  const byDay = new Map(mine.map((row) => [row.day, row]));
  let last = mine[0];
  return daysBetween(mine[0].day, addDays(mine[mine.length - 1].day, 1)).map((day) => {
    last = byDay.get(day) ?? { ...last, day };
    return last;
  });
}
