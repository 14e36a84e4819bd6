import { toScaled } from "@/lib/decimal";

// The groups (by rule, team, environment) in the order the reader picks. Savings are compared in
// one currency only: amounts in different currencies are never added or ranked against each other.

export interface SavingsGroup {
  key: string;
  findings: number;
  savings: { currency: string | null; amount: string | null }[];
}

export const GROUP_ORDERS = { savings: "Savings", findings: "Findings", name: "Name" } as const;
export type GroupOrder = keyof typeof GROUP_ORDERS;

/** The group's saving in `currency` as exact units; none counts as zero. */
function amountIn(group: SavingsGroup, currency: string): bigint {
  const entry = group.savings.find((s) => s.currency === currency && s.amount !== null);
  return entry?.amount ? toScaled(entry.amount) : 0n;
}

export function orderGroups(groups: readonly SavingsGroup[], order: GroupOrder, currency: string): SavingsGroup[] {
  const byName = (a: SavingsGroup, b: SavingsGroup) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const compare: Record<GroupOrder, (a: SavingsGroup, b: SavingsGroup) => number> = {
    name: byName,
    findings: (a, b) => b.findings - a.findings || byName(a, b),
    savings: (a, b) => {
      const [x, y] = [amountIn(a, currency), amountIn(b, currency)];
      return x === y ? b.findings - a.findings || byName(a, b) : y > x ? 1 : -1;
    },
  };
  return [...groups].sort(compare[order]);
}

/** The currency most findings are billed in: the one savings are ranked by. */
export function mainCurrency(totals: readonly { currency: string; findings: number }[]): string {
  return [...totals].sort((a, b) => b.findings - a.findings)[0]?.currency ?? "USD";
}

/** The totals with the main currency first, the others after it by name. */
export function mainFirst<T extends { currency: string; findings: number }>(totals: readonly T[]): T[] {
  const main = mainCurrency(totals);
  return [...totals].sort((a, b) =>
    a.currency === main ? -1 : b.currency === main ? 1 : a.currency < b.currency ? -1 : 1,
  );
}
