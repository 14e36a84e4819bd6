// The stored form of an OTLP attribute value (span, resource, event and link attributes): the
// common values as plain JSON, as cheap as they come, and every other type in a one-member object
// named after its OTLP/JSON member, so no type is mistaken for another when read back:
//   string "a"   bool true   int 42 (within ±2^53)   double 0.25 (not integral)   empty null
//   array [v, ...]   int beyond ±2^53 {"intValue": "9223372036854775807"}
//   integral or non-finite double {"doubleValue": 3} / {"doubleValue": "NaN"}
//   bytes {"bytesValue": "base64"}   kvlist {"kvlistValue": [["key", v], ...]} (order kept)
// A JSON number is an int when integral and a double when not; objects are only these tags.

/** OTLP/JSON AnyValue, exactly as the OTLP JSON encoding writes it (int64 as a decimal string, bytes as base64). */
export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { bytesValue: string }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  // An empty AnyValue (OTLP allows it).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  | {};
export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** An attribute value as stored (see above). */
export type StoredValue =
  | string
  | boolean
  | number
  | null
  | StoredValue[]
  | { intValue: string }
  | { doubleValue: number | NonFinite }
  | { bytesValue: string }
  | { kvlistValue: [string, StoredValue][] };

type NonFinite = "NaN" | "Infinity" | "-Infinity";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An OTLP int64 as stored. */
export const storedInt = (n: bigint): StoredValue =>
  n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : { intValue: n.toString() };

/** An OTLP double as stored: a fraction is plain, an integral one (3.0) or NaN/±Infinity is tagged. */
export function storedDouble(x: number): StoredValue {
  if (Number.isNaN(x)) return { doubleValue: "NaN" };
  if (!Number.isFinite(x)) return { doubleValue: x > 0 ? "Infinity" : "-Infinity" };
  // -0 is written as 0 (JSON has no negative zero).
  return Number.isInteger(x) ? { doubleValue: x === 0 ? 0 : x } : x;
}

export const storedBytes = (base64: string): StoredValue => ({ bytesValue: base64 });

export const storedKvlist = (pairs: [string, StoredValue][]): StoredValue => ({ kvlistValue: pairs });

/**
 * A stored value as plain text, for the columns a value is copied into (service, environment,
 * http.route, ...): a string as it is, a number or bool as JavaScript writes it, an int64 in
 * decimal, bytes in base64, an array or kvlist as JSON.
 */
export function plainText(stored: unknown): string | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored !== "object") return String(stored);
  if (Array.isArray(stored)) return JSON.stringify(stored);
  const tagged = stored as Record<string, unknown>;
  if (typeof tagged.intValue === "string") return tagged.intValue;
  if ("doubleValue" in tagged) return String(tagged.doubleValue);
  if (typeof tagged.bytesValue === "string") return tagged.bytesValue;
  return JSON.stringify(stored);
}

function doubleOf(value: unknown): number {
  if (typeof value === "number") return value;
  return value === "NaN" ? NaN : value === "Infinity" ? Infinity : value === "-Infinity" ? -Infinity : Number(value);
}

const MAX_DEPTH = 64;

/** A stored value as the OTLP/JSON AnyValue it came from. Objects written before the tags were kvlists. */
export function anyValueOf(stored: unknown, depth = 0): AnyValue {
  if (stored === null || stored === undefined || depth > MAX_DEPTH) return {};
  switch (typeof stored) {
    case "string":
      return { stringValue: stored };
    case "boolean":
      return { boolValue: stored };
    case "number":
      return Number.isInteger(stored) ? { intValue: String(stored) } : { doubleValue: stored };
  }
  if (Array.isArray(stored)) return { arrayValue: { values: stored.map((item) => anyValueOf(item, depth + 1)) } };
  if (typeof stored !== "object") return {};
  const tagged = stored as Record<string, unknown>;
  const keys = Object.keys(tagged);
  if (keys.length === 1) {
    const [tag] = keys;
    const value = tagged[tag];
    if (tag === "intValue" && typeof value === "string") return { intValue: value };
    // NaN and ±Infinity are given as the numbers they are; JSON writes them as null.
    if (tag === "doubleValue") return { doubleValue: doubleOf(value) };
    if (tag === "bytesValue" && typeof value === "string") return { bytesValue: value };
    if (tag === "kvlistValue" && Array.isArray(value))
      return {
        kvlistValue: {
          values: value
            .filter((pair): pair is [string, unknown] => Array.isArray(pair) && typeof pair[0] === "string")
            .map(([key, item]) => ({ key, value: anyValueOf(item, depth + 1) })),
        },
      };
  }
  return { kvlistValue: { values: keyValuesOf(tagged, depth + 1) } };
}

/** Stored attributes (key to stored value) as OTLP/JSON KeyValues, sorted by key. */
export function keyValuesOf(attributes: Record<string, unknown> | null | undefined, depth = 0): KeyValue[] {
  if (!attributes || typeof attributes !== "object") return [];
  return Object.keys(attributes)
    .sort(byCodeUnits)
    .map((key) => ({ key, value: anyValueOf(attributes[key], depth) }));
}

export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
