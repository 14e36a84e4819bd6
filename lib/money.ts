/**
 * Exact decimal money. Amounts travel as strings and are added as bigint at PostgreSQL's
 * numeric(38,18) scale, so no float ever touches a total.
 */
export const MONEY_SCALE = 18;

export function toScaled(value: string): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`Not a decimal amount: ${value}`);
  const negative = value.startsWith("-");
  const [whole, fraction = ""] = (negative ? value.slice(1) : value).split(".");
  if (fraction.length > MONEY_SCALE) throw new Error(`More than ${MONEY_SCALE} fraction digits: ${value}`);
  const units = BigInt(whole + fraction.padEnd(MONEY_SCALE, "0"));
  return negative ? -units : units;
}

export function fromScaled(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(MONEY_SCALE + 1, "0");
  const whole = digits.slice(0, -MONEY_SCALE);
  const fraction = digits.slice(-MONEY_SCALE).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function sumMoney(values: readonly string[]): string {
  return fromScaled(values.reduce((sum, value) => sum + toScaled(value), 0n));
}

/** "$1,234.57": rounded half away from zero to cents for display; the stored amount stays exact. */
export function formatUsd(amount: string, options: { cents?: boolean } = {}): string {
  const digits = options.cents === false ? 0 : 2;
  const scaled = toScaled(amount);
  const negative = scaled < 0n;
  const unit = 10n ** BigInt(MONEY_SCALE - digits);
  const magnitude = negative ? -scaled : scaled;
  const rounded = (magnitude + unit / 2n) / unit;
  const text = rounded.toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = digits ? `.${text.slice(-digits)}` : "";
  return `${negative && rounded !== 0n ? "-" : ""}$${whole}${fraction}`;
}
