import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { Parsed } from "./fields";

// Shared adversarial values for the delivery parser tests: each case sets one field of a good
// body and expects the parser to refuse it with that field's path.

/** A deep copy of `body` with the value at `path` replaced (or removed when `value` is undefined). */
export function withField(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Values every text field refuses, given its maximum length. */
export function badText(max: number): [string, unknown][] {
  return [
    ["too long", "x".repeat(max + 1)],
    ["NUL", "a\0b"],
    ["lone high surrogate", "a\uD800b"],
    ["lone low surrogate", "\uDC00"],
    ["a number", 42],
    ["an object", { value: "x" }],
    ["a list", ["x"]],
    ["true", true],
  ];
}

/** Values every time field refuses. */
export const BAD_TIMES: [string, unknown][] = [
  ["not a date", "yesterday"],
  ["empty", ""],
  ["no offset", "2026-11-02T10:00:00"],
  ["date only", "2026-11-02"],
  ["month 13", "2026-13-02T10:00:00Z"],
  ["February 30", "2026-02-30T10:00:00Z"],
  ["hour 25", "2026-11-02T25:00:00Z"],
  ["year 275760", "+275760-09-13T00:00:00Z"],
  ["year 275761", "+275761-01-01T00:00:00Z"],
  ["before 1970", "1969-12-31T23:59:59Z"],
  ["epoch millis", 1_762_077_600_000],
  ["NUL", "2026-11-02T10:00:00Z\0"],
  ["very long", `2026-11-02T10:00:00.${"1".repeat(100)}Z`],
  ["null", null],
];

/** Expects a refusal whose errors name `field`. */
export function expectRefused<T>(result: Parsed<T>, field: string): void {
  expect(result.ok, `expected ${field} to be refused`).toBe(false);
  if (result.ok) return;
  expect(result.errors.map((e) => e.field)).toContain(field);
  for (const error of result.errors) expect(error.reason.length).toBeGreaterThan(3);
}

/** A fixture body under ./fixtures, parsed. */
export const fixture = (file: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", file), "utf8"));

/** One adversarial case: why, the field's path, the value put there. */
export type Case = [string, (string | number)[], unknown];

/** Each value as a case at one path. */
export const each = (values: [string, unknown][], at: (string | number)[]): Case[] =>
  values.map(([why, value]): Case => [why, at, value]);

/** Values no commit sha takes. */
export const BAD_SHAS: [string, unknown][] = [
  ["too short", "abc"],
  ["too long", "a".repeat(65)],
  ["not hex", "g".repeat(40)],
  ["NUL", `${"a".repeat(39)}\0`],
  ["empty", ""],
  ["a number", 12345678],
];
