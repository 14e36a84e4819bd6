import type { z } from "zod";
import { VigilError } from "../errors";
import { parseInput, text } from "../validation";

// A console page's URL parameters, checked before any verb sees them: a path segment that can not
// name anything makes the page a 404; a bad search parameter is shown on the page, which still renders.

/** What Next hands a page as searchParams: a repeated parameter arrives as an array. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a parameter given once or repeated. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The key of `table` the parameter names, or the fallback; never an inherited name like "toString". */
export function choiceOf<T extends object>(
  table: T,
  value: string | string[] | undefined,
  fallback: keyof T & string,
): keyof T & string {
  const chosen = firstValue(value);
  return chosen !== undefined && Object.hasOwn(table, chosen) ? (chosen as keyof T & string) : fallback;
}

/**
 * A dynamic path segment as the name it stands for, or null when it can not be one (bad
 * percent-encoding, NUL, lone surrogates, too long): the page answers 404 for null.
 */
export function pathName(raw: string, max = 200): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return text(max, 1).safeParse(decoded).success ? decoded : null;
}

/** Search parameters through a verb-style schema: the values, or the problem to show in the page. */
export function searchOf<S extends z.ZodType>(
  schema: S,
  search: SearchParams,
): { values: z.output<S>; problem: null } | { values: null; problem: string } {
  const flat = Object.fromEntries(Object.entries(search).map(([key, value]) => [key, firstValue(value)]));
  try {
    return { values: parseInput(schema, flat), problem: null };
  } catch (err) {
    if (err instanceof VigilError) return { values: null, problem: err.message };
    throw err;
  }
}
