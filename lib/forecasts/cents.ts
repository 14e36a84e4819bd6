// The model works in floating point; what it says about money is shown and summed as whole cents,
// exactly, so a 14-day total is the sum of the days a person reads.

const LIMIT = 1e15;

/** A model value in currency units as whole cents, rounded half away from zero; null when not finite. */
export function centsOf(value: number): bigint | null {
  if (!Number.isFinite(value)) return null;
  const clamped = Math.max(-LIMIT, Math.min(LIMIT, value));
  const cents = Math.round(Math.abs(clamped) * 100);
  return clamped < 0 && cents !== 0 ? -BigInt(cents) : BigInt(cents);
}

/** Cents as a plain decimal string with two places: 12345n is "123.45", -5n is "-0.05". */
export function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Cents in the 1e-18 units lib/decimal.ts keeps money in. */
export const CENT_UNITS = 10n ** 16n;

/** An exact amount in 1e-18 units as whole cents, rounded half away from zero. */
export function unitsToCents(units: bigint): bigint {
  const magnitude = units < 0n ? -units : units;
  const cents = (magnitude + CENT_UNITS / 2n) / CENT_UNITS;
  return units < 0n ? -cents : cents;
}
