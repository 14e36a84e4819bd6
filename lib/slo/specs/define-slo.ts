import { SloInput, type SloDefinition } from "@/lib/slo/schemas";
import type { Checker } from "./checker";
import type { FieldPath } from "./findings";

// Every spec ends in Vigil's one SLO shape: the candidate built from a spec is checked by SloInput,
// and each refusal is reported on the spec field the value came from, not on Vigil's field name.

/** Where each SloInput field was read from in the spec; absent fields are reported on `fallback`. */
type SourcePaths = Partial<Record<keyof SloInput, FieldPath>>;

export function defineSlo(
  c: Checker,
  input: Record<string, unknown>,
  paths: SourcePaths,
  fallback: FieldPath,
): SloDefinition | null {
  const result = SloInput.safeParse(input);
  if (result.success) return result.data;
  const reported = new Set<string>();
  for (const issue of result.error.issues) {
    const [field, ...rest] = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
    const key = issue.path.map(String).join(".");
    if (reported.has(key)) continue;
    reported.add(key);
    const at = paths[field as keyof SloInput] ?? fallback;
    const inner = rest.length > 0 ? `${rest.join(".")}: ` : "";
    const named = at === fallback && field !== undefined ? `${String(field)}: ` : "";
    c.error(at, `${named}${inner}${issue.message}`, valueAt(input, issue.path));
  }
  return null;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Any text as an SLO name (a DNS label): lower case, other characters to '-', at most 63. */
export function toDnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return label;
}

/** A label key Vigil keeps (letters, digits, '_'), from OpenSLO's (which also allow '-' and '.'). */
export function toLabelKey(key: string): string {
  const cleaned = key.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * A ratio (0.999) as a percent (99.9) without binary noise (0.995 * 100 is 99.49999999999999); exact
 * both ways for numbers of up to 15 significant digits.
 */
export const ratioToPercent = (ratio: number): number => Number((ratio * 100).toPrecision(15));
export const percentToRatio = (percent: number): number => Number((percent / 100).toPrecision(15));
