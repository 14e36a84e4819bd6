/**
 * Exact decimal arithmetic. Amounts travel as strings; sums run as bigint at PostgreSQL's
 * numeric(38,18) scale and products at whatever scale their operands have, so no float ever
 * touches money.
 */

export const MONEY_SCALE = 18;

/** numeric(38,18) holds magnitudes below 1e20, that is below 1e38 units of 1e-18. */
export const NUMERIC_38_18_LIMIT = 10n ** 38n;

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

/**
 * A decimal as integer units of 1e-18, rounded half away from zero at 18 places as PostgreSQL
 * rounds it into numeric(38,18).
 */
export function units18(value: string): bigint {
  const { units, scale } = exact(value);
  if (scale <= MONEY_SCALE) return units * 10n ** BigInt(MONEY_SCALE - scale);
  const divisor = 10n ** BigInt(scale - MONEY_SCALE);
  const magnitude = units < 0n ? -units : units;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return units < 0n ? -rounded : rounded;
}

/** A stored amount (plain notation, at most 18 places) as units of 1e-18; anything else is a bug upstream. */
export function toScaled(value: string): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`Not a decimal amount: ${value}`);
  const negative = value.startsWith("-");
  const [whole, fraction = ""] = (negative ? value.slice(1) : value).split(".");
  if (fraction.length > MONEY_SCALE) throw new Error(`More than ${MONEY_SCALE} fraction digits: ${value}`);
  const units = BigInt(whole + fraction.padEnd(MONEY_SCALE, "0"));
  return negative ? -units : units;
}

export function fromScaled(units: bigint): string {
  return plain({ units, scale: MONEY_SCALE });
}

export function sumMoney(values: readonly string[]): string {
  return fromScaled(values.reduce((sum, value) => sum + toScaled(value), 0n));
}

/** amount / requests × 1000, truncated to 6 places, exact: the unit cost per thousand requests. */
export function perThousand(amount: bigint, requests: number): string | null {
  if (requests <= 0) return null;
  const unit = 10n ** BigInt(MONEY_SCALE - 6);
  const value = (amount * 1000n) / BigInt(requests);
  return fromScaled((value / unit) * unit);
}

/** Rounds a decimal half away from zero to `digits` places: the display's figure, never stored. */
function roundedDigits(amount: string, digits: number): { negative: boolean; whole: string; fraction: string } {
  const scaled = toScaled(amount);
  const unit = 10n ** BigInt(MONEY_SCALE - digits);
  const magnitude = scaled < 0n ? -scaled : scaled;
  const rounded = (magnitude + unit / 2n) / unit;
  const text = rounded.toString().padStart(digits + 1, "0");
  return {
    negative: scaled < 0n && rounded !== 0n,
    whole: text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ","),
    fraction: digits ? `.${text.slice(-digits)}` : "",
  };
}

export interface MoneyFormat {
  /** ISO 4217 code of the amount; anything but USD is written with its code ("1,234.57 EUR"). */
  currency?: string;
  /** A unit price (per 1,000 requests): below one dollar it keeps 4 places, as cents would read $0.00. */
  unitPrice?: boolean;
}

/**
 * The console's one money formatter: "$1,234.57", rounded half away from zero to cents for display
 * (the stored amount stays exact); other currencies carry their code, as amounts in different
 * currencies are never added or shown as dollars.
 */
export function formatUsd(amount: string, options: MoneyFormat = {}): string {
  const small = options.unitPrice && toScaled(amount) < 10n ** 18n && toScaled(amount) > -(10n ** 18n);
  const digits = small ? 4 : 2;
  const { negative, whole, fraction } = roundedDigits(amount, digits);
  const currency = (options.currency ?? "USD").toUpperCase();
  if (currency !== "USD") return `${negative ? "-" : ""}${whole}${fraction} ${currency}`;
  return `${negative ? "-" : ""}$${whole}${fraction}`;
}

/**
 * A chart axis tick in dollars, compact and without float noise: "$0", "$0.05", "$250", "$12k",
 * "$1.5M". Ticks come from niceTicks, so at most a few significant digits are ever needed.
 */
export function formatUsdTick(value: number): string {
  if (!Number.isFinite(value)) return "";
  const sign = value < 0 ? "-" : "";
  const size = Math.abs(value);
  const trim = (n: number) => String(Number(n.toPrecision(3)));
  if (size >= 1e9) return `${sign}$${trim(size / 1e9)}B`;
  if (size >= 1e6) return `${sign}$${trim(size / 1e6)}M`;
  if (size >= 1e3) return `${sign}$${trim(size / 1e3)}k`;
  return `${sign}$${trim(size)}`;
}
