import { fromScaled, toScaled } from "@/lib/decimal";
import { NO_SERVICE } from "../attribution/reserved-keys";
import type { Overview, SpendDay } from "./schemas";

export interface ServiceDayCost {
  day: string;
  service: string;
  cost: string;
}

/** Turns (day, service, cost) rows into one entry per day, with exact totals per day and per key. */
export function pivotSpend(rows: ServiceDayCost[]): Pick<Overview, "spendByDay" | "spendKeys" | "totalSpend"> {
  const byDay = new Map<string, SpendDay>();
  const perKey = new Map<string, bigint>();
  let grand = 0n;
  for (const row of rows) {
    const amount = toScaled(row.cost);
    const day = byDay.get(row.day) ?? { day: row.day, total: "0", byService: {} };
    day.byService[row.service] = row.cost;
    day.total = fromScaled(toScaled(day.total) + amount);
    byDay.set(row.day, day);
    perKey.set(row.service, (perKey.get(row.service) ?? 0n) + amount);
    grand += amount;
  }
  const spendKeys = [...perKey.entries()].sort(bySpendNoServiceLast).map(([key]) => key);
  return { spendByDay: [...byDay.values()], spendKeys, totalSpend: fromScaled(grand) };
}

/** Largest spend first, ties by name; spend with no service always last, however large. */
function bySpendNoServiceLast([keyA, spendA]: [string, bigint], [keyB, spendB]: [string, bigint]): number {
  if (keyA === NO_SERVICE || keyB === NO_SERVICE) return Number(keyA === NO_SERVICE) - Number(keyB === NO_SERVICE);
  if (spendA !== spendB) return spendA > spendB ? -1 : 1;
  return keyA.localeCompare(keyB);
}
