import type { AttributeMap } from "@/lib/metrics/metric-batch";

// OTLP values as protobufjs's toObject (int64 as decimal strings, bytes as base64) or OTLP JSON
// (int64 as strings or numbers, doubles as numbers or "NaN"/"Infinity") give them: read
// defensively, since either may hold anything.

export const MAX_NS = 2n ** 63n - 1n;
const MAX_ATTRIBUTES = 128;
const MAX_ATTRIBUTE_CHARS = 4096;
const MAX_DEPTH = 8;

/** Text PostgreSQL stores: NUL and lone surrogates become U+FFFD, as in spans. */
export function cleanText(value: unknown): string {
  if (typeof value !== "string") return "";
  const wellFormed = value.toWellFormed();
  return wellFormed.includes("\0") ? wellFormed.replaceAll("\0", "\uFFFD") : wellFormed;
}

/** A fixed64/uint64 as bigint; null when it is not a whole number from 0 to 2^64-1. */
export function unsigned(value: unknown): bigint | null {
  if (value === undefined || value === null) return 0n;
  // A JSON number of nanoseconds is past 2^53 and already rounded by JSON.parse: taken as it is.
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value < 2 ** 64 ? BigInt(value) : null;
  if (typeof value !== "string" || !/^\d{1,20}$/.test(value)) return null;
  const parsed = BigInt(value);
  return parsed < 2n ** 64n ? parsed : null;
}

/** An sfixed64/int64 as a number (exact up to 2^53); null when it is not a whole number. */
export function signed(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value !== "string" || !/^-?\d{1,19}$/.test(value)) return null;
  return Number(value);
}

/** A double, finite; null when absent, "bad" when not a finite number. */
export function double(value: unknown): number | null | "bad" {
  if (value === undefined || value === null) return null;
  const parsed = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : "bad";
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** An AnyValue as JSON jsonb holds (no NaN: non-finite doubles are kept as their name). */
function anyValue(value: unknown, depth: number): unknown {
  if (!isObject(value) || depth > MAX_DEPTH) return null;
  if ("stringValue" in value) return cleanText(value.stringValue);
  if ("boolValue" in value) return value.boolValue === true;
  if ("intValue" in value) {
    const int = signed(value.intValue);
    return int !== null && Number.isSafeInteger(int) ? int : cleanText(String(value.intValue));
  }
  if ("doubleValue" in value) {
    const parsed = double(value.doubleValue);
    return typeof parsed === "number" ? parsed : cleanText(String(value.doubleValue));
  }
  if (isObject(value.arrayValue)) return asArray(value.arrayValue.values).map((item) => anyValue(item, depth + 1));
  if (isObject(value.kvlistValue)) return keyValues(value.kvlistValue.values, depth + 1);
  if ("bytesValue" in value) return cleanText(value.bytesValue);
  return null;
}

function keyValues(list: unknown, depth: number): AttributeMap {
  const map: AttributeMap = {};
  for (const item of asArray(list)) if (isObject(item)) map[cleanText(item.key)] = anyValue(item.value, depth);
  return map;
}

/** OTLP attributes as a map, or why they can not be stored. */
export function attributes(list: unknown): AttributeMap | string {
  const items = asArray(list);
  if (items.length > MAX_ATTRIBUTES) return `has ${items.length} attributes; at most ${MAX_ATTRIBUTES} are stored`;
  const map = keyValues(items, 0);
  for (const [key, value] of Object.entries(map)) {
    const size = JSON.stringify(value)?.length ?? 0;
    if (size > MAX_ATTRIBUTE_CHARS || key.length > MAX_ATTRIBUTE_CHARS)
      return `attribute ${JSON.stringify(key.slice(0, 60))} is over ${MAX_ATTRIBUTE_CHARS} characters`;
  }
  return map;
}

export { isObject };
