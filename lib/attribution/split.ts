import { fromScaled, toScaled } from "@/lib/decimal";

/**
 * Splits an amount by integer weights so the parts add up to it exactly, to the last of its 18
 * decimal places: each part is rounded down, then the units left over go one by one to the parts
 * with the largest remainders (the largest remainder method). Zero weights get zero.
 */
export function splitAmount(amount: string, weights: readonly bigint[]): string[] {
  const total = weights.reduce((sum, w) => sum + w, 0n);
  if (total <= 0n) throw new Error("splitAmount needs a positive total weight");
  const scaled = toScaled(amount);
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const parts = weights.map((w) => (magnitude * w) / total);
  let left = magnitude - parts.reduce((sum, part) => sum + part, 0n);
  const byRemainder = weights
    .map((w, i) => ({ i, remainder: (magnitude * w) % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const { i } of byRemainder) {
    if (left === 0n) break;
    if (weights[i] === 0n) continue;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map((part) => fromScaled(negative ? -part : part));
}

/** A weight's share of the total as a decimal string with 4 places: "0.4100". */
export function shareOf(weight: bigint, total: bigint): string {
  const basisPoints = (weight * 1_000_000n + total / 2n) / total;
  const text = basisPoints.toString().padStart(7, "0");
  return `${text.slice(0, -6)}.${text.slice(-6, -2)}`;
}
