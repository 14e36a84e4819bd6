import { fromScaled, units18 } from "@/lib/decimal";

export interface CurrencyTotal {
  currency: string;
  billedCost: string;
  effectiveCost: string;
}

/**
 * A file's totals per billing currency, exactly, as its rows pass: amounts in different
 * currencies are never added to each other.
 */
export class CurrencyTotals {
  private readonly sums = new Map<string, { billed: bigint; effective: bigint }>();

  add(currency: string, billedCost: string, effectiveCost: string): void {
    let sum = this.sums.get(currency);
    if (!sum) {
      sum = { billed: 0n, effective: 0n };
      this.sums.set(currency, sum);
    }
    sum.billed += units18(billedCost);
    sum.effective += units18(effectiveCost);
  }

  /** Per currency, in currency order. */
  list(): CurrencyTotal[] {
    return [...this.sums.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, sum]) => ({
        currency,
        billedCost: fromScaled(sum.billed),
        effectiveCost: fromScaled(sum.effective),
      }));
  }
}

/** The one total of a single-currency file; null when the file mixes currencies. */
export function singleTotal(totals: CurrencyTotal[]): { billedCost: string; effectiveCost: string } | null {
  return totals.length === 1 ? { billedCost: totals[0].billedCost, effectiveCost: totals[0].effectiveCost } : null;
}
