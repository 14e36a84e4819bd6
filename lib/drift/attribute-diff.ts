import type { AttributeChange } from "./schemas";

// The attributes a change touches, as leaf paths with their values before and after. Values
// Terraform marks sensitive are never kept; values only known after apply say so.

export const SENSITIVE = "(sensitive)";
export const UNKNOWN = "(known after apply)";
/** A resource whose every attribute changed still yields a bounded list. */
export const MAX_CHANGES = 200;
const MAX_VALUE_CHARS = 2000;

interface ChangeValues {
  before: unknown;
  after: unknown;
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
  afterUnknown?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The sensitivity (or unknown) marker below `key`: `true` marks the whole subtree. */
function child(marker: unknown, key: string | number): unknown {
  if (marker === true) return true;
  if (Array.isArray(marker) && typeof key === "number") return marker[key];
  if (isObject(marker) && typeof key === "string") return marker[key];
  return undefined;
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key);
  if (!plain) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** A kept value: bounded, so one huge attribute (a policy document) does not bloat the record. */
function kept(value: unknown, sensitive: unknown, unknown: unknown = undefined): unknown {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return UNKNOWN;
  if (value === undefined) return null;
  if (hasMarker(sensitive)) return SENSITIVE;
  const json = JSON.stringify(value);
  if (json.length <= MAX_VALUE_CHARS) return value;
  return typeof value === "string"
    ? `${value.slice(0, MAX_VALUE_CHARS)}… (${value.length} characters)`
    : `(${json.length} characters of JSON)`;
}

/** Whether any part of a nested marker is set (a sensitive leaf inside an object value). */
function hasMarker(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(hasMarker);
  if (isObject(marker)) return Object.values(marker).some(hasMarker);
  return false;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function walk(values: ChangeValues, path: string, out: AttributeChange[]): void {
  if (out.length >= MAX_CHANGES) return;
  const { before, after } = values;
  const bothObjects = isObject(before) && isObject(after);
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  if ((bothObjects || bothArrays) && values.afterUnknown !== true) {
    const keys: (string | number)[] = bothArrays
      ? Array.from({ length: Math.max(before.length, after.length) }, (_, i) => i)
      : [...new Set([...Object.keys(before), ...Object.keys(after as object)])].sort();
    for (const key of keys) {
      const at = (value: unknown) => (value as Record<string | number, unknown>)[key];
      walk(
        {
          before: at(before),
          after: at(after),
          beforeSensitive: child(values.beforeSensitive, key),
          afterSensitive: child(values.afterSensitive, key),
          afterUnknown: child(values.afterUnknown, key),
        },
        pathOf(path, key),
        out,
      );
    }
    return;
  }
  if (values.afterUnknown !== true && same(before, after)) return;
  out.push({
    path: path || "(resource)",
    before: kept(before, values.beforeSensitive),
    after: kept(after, values.afterSensitive, values.afterUnknown),
  });
}

/** The changed leaf attributes of a Terraform change, sensitive values masked. */
export function attributeChanges(values: ChangeValues): AttributeChange[] {
  const out: AttributeChange[] = [];
  walk({ ...values, before: values.before ?? {}, after: values.after ?? {} }, "", out);
  return out;
}
