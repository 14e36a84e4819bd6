import type { Checker, Obj } from "./checker";
import { isObj } from "./checker";
import type { FieldPath } from "./findings";
import { parseSli, SLI_FORMS } from "./sli-mapping";
import type { Sli } from "@/lib/slo/schemas";

// What a spec can say to Vigil directly, beyond what OpenSLO or Sloth can: `vigil.dev/<key>`
// labels or annotations, and the `vigil:` queries Vigil's own Sloth export writes (JSON after the
// prefix). They win over anything guessed from a foreign query.

const SCOPE_KEYS = ["service", "operation", "environment", "feature"] as const;

export type Overrides = {
  sli?: Sli;
  service?: string;
  operation?: string;
  environment?: string;
  feature?: string;
  /** Only in Vigil's own exports: what Sloth has no field for. */
  extras: Record<string, unknown>;
};

const EXTRA_KEYS = ["name", "displayName", "window", "budgetingMethod", "timeSlice"];

/** Reads `vigil.dev/sli`, `vigil.dev/service`, ... from labels or annotations; returns the rest untouched. */
export function readVigilKeys(c: Checker, map: Obj, path: FieldPath): { overrides: Overrides; rest: Obj } {
  const overrides: Overrides = { extras: {} };
  const rest: Obj = {};
  for (const [key, value] of Object.entries(map)) {
    const match = /^vigil\.dev\/(.+)$/.exec(key);
    if (!match) {
      // A YAML key may be "__proto__": define it, never assign it (assigning would set the prototype).
      Object.defineProperty(rest, key, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    applyOverride(c, overrides, match[1] ?? "", value, [...path, key]);
  }
  return { overrides, rest };
}

function applyOverride(c: Checker, overrides: Overrides, key: string, value: unknown, path: FieldPath): void {
  if (key === "sli") {
    const sli = typeof value === "string" ? parseSli(value) : null;
    if (sli) overrides.sli = sli;
    else c.error(path, `must be one of ${SLI_FORMS}`, value);
  } else if ((SCOPE_KEYS as readonly string[]).includes(key)) {
    if (typeof value === "string" && value !== "") overrides[key as (typeof SCOPE_KEYS)[number]] = value;
    else c.error(path, "must be a non-empty string", value);
  } else if (key === "labels" || key === "alerting" || key === "display-name") {
    overrides.extras[key] = value;
  } else c.warn(path, `is not a key Vigil reads (vigil.dev/sli, service, operation, environment, feature); ignored`);
}

const VIGIL_QUERY = /^\s*vigil:(errors|total)\s+(\{[\s\S]*\})\s*$/;

/** A query Vigil's Sloth export wrote: `vigil:errors {...}`; null when the query is someone else's. */
export function readVigilQuery(c: Checker, text: string, path: FieldPath): Overrides | null {
  const match = VIGIL_QUERY.exec(text);
  if (!match) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[2] ?? "");
  } catch {
    c.error(path, "is a vigil: query whose JSON does not parse");
    return { extras: {} };
  }
  if (!isObj(parsed)) {
    c.error(path, "is a vigil: query whose JSON is not an object");
    return { extras: {} };
  }
  const overrides: Overrides = { extras: {} };
  for (const [key, value] of Object.entries(parsed)) {
    if (EXTRA_KEYS.includes(key)) overrides.extras[key] = value;
    else applyOverride(c, overrides, key, value, path);
  }
  return overrides;
}

/** The scope an SLO is measured on: the spec's service unless overridden. */
export function scopeOf(service: string, overrides: Overrides) {
  return {
    service: overrides.service ?? service,
    operation: overrides.operation ?? null,
    environment: overrides.environment ?? null,
    feature: overrides.feature ?? null,
  };
}

/** Merges two override sets; the second wins. */
export function mergeOverrides(first: Overrides, second: Overrides | null): Overrides {
  if (!second) return first;
  const merged: Overrides = { ...first, extras: { ...first.extras, ...second.extras } };
  for (const key of ["sli", ...SCOPE_KEYS] as const)
    if (second[key] !== undefined) Object.assign(merged, { [key]: second[key] });
  return merged;
}
