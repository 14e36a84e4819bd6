// Exact decimal arithmetic on strings for the few sums and products a mapping needs (an amortized
// fee, list price times quantity). A number is an integer of units and a power-of-ten scale.

interface Exact {
  units: bigint;
  scale: number;
}

const PARTS = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function exact(value: string): Exact {
  const m = PARTS.exec(value.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`Not a decimal: ${value}`);
  const fraction = m[3] ?? "";
  let units = BigInt(`${m[2] || "0"}${fraction}`);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] === "-" ? -units : units, scale };
}

function plain({ units, scale }: Exact): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale ? digits.slice(-scale).replace(/0+$/, "") : "";
  return `${negative && (whole !== "0" || fraction) ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

const rescale = (a: Exact, scale: number) => a.units * 10n ** BigInt(scale - a.scale);

/** a + b, exactly. */
export function addDecimal(a: string, b: string): string {
  const x = exact(a);
  const y = exact(b);
  const scale = Math.max(x.scale, y.scale);
  return plain({ units: rescale(x, scale) + rescale(y, scale), scale });
}

/** a − b, exactly. */
export function subtractDecimal(a: string, b: string): string {
  return addDecimal(a, plain({ ...exact(b), units: -exact(b).units }));
}

/** a × b, exactly. */
export function multiplyDecimal(a: string, b: string): string {
  const x = exact(a);
  const y = exact(b);
  return plain({ units: x.units * y.units, scale: x.scale + y.scale });
}

/** A decimal in plain notation (no exponent), exactly. */
export function plainDecimal(value: string): string {
  return plain(exact(value));
}

/**
 * A decimal as integer units of 1e-18, rounded half away from zero at 18 places as PostgreSQL
 * rounds it into numeric(38,18).
 */
export function units18(value: string): bigint {
  const { units, scale } = exact(value);
  if (scale <= 18) return units * 10n ** BigInt(18 - scale);
  const divisor = 10n ** BigInt(scale - 18);
  const magnitude = units < 0n ? -units : units;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return units < 0n ? -rounded : rounded;
}

/** numeric(38,18) holds magnitudes below 1e20. */
export const NUMERIC_38_18_LIMIT = 10n ** 38n;
