import { fromScaled, toScaled } from "@/lib/decimal";
import { completeDays, utcDay } from "@/lib/time";
import type { DailyCost, Evidence } from "@/lib/zombies/evidence";
import type { TimeRange } from "@/lib/zombies/rules/finding";

export interface MonthlySaving {
  currency: string;
  /** Exact decimal string. */
  amount: string;
  window: TimeRange;
}

/**
 * What tearing the resource down saves a month: its effective cost over the last 30 complete UTC
 * days, one figure per currency (never added across currencies). For a commitment only its Unused
 * cost is waste: the used part would be paid on demand instead. An instance's attached volumes
 * count too: a stopped instance pays for nothing else. Zero totals are left out.
 */
export function monthlySavings(evidence: Evidence, now: Date): MonthlySaving[] {
  const window = completeDays(30, utcDay(now));
  const totals = new Map<string, bigint>();
  const add = (currency: string, amount: string) =>
    totals.set(currency, (totals.get(currency) ?? 0n) + toScaled(amount));
  const inWindow = (day: string) => day >= window.from && day < window.to;
  const addCosts = (costs: DailyCost) => {
    for (const [day, currencies] of Object.entries(costs))
      if (inWindow(day)) for (const [currency, amount] of Object.entries(currencies)) add(currency, amount);
  };
  if (evidence.resource.kind === "commitment") {
    for (const [day, currencies] of Object.entries(evidence.commitment ?? {}))
      if (inWindow(day)) for (const [currency, usage] of Object.entries(currencies)) add(currency, usage.unused);
  } else {
    addCosts(evidence.costs);
    for (const volume of evidence.volumes ?? []) addCosts(volume.costs);
  }
  return [...totals]
    .filter(([, units]) => units !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, units]) => ({ currency, amount: fromScaled(units), window }));
}
