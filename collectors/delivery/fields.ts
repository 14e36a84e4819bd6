import { z } from "zod";
import { text, timestamp } from "@/lib/validation";

// Building blocks shared by the delivery parsers: every body in, a record or a list of problems
// out, each naming the field path and why. Unknown fields are ignored (webhook senders add fields
// over time and GitHub's bodies carry hundreds Vigil never reads); known fields are strict.

/** One problem of a refused body: the field path (`deploymentCommits.3.commitSha`) and why. */
export interface FieldError {
  field: string;
  reason: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** What a parser makes of a well-formed body that carries nothing Vigil records (a pending status, another label). */
export interface Ignored {
  ignored: string;
}

/** Bounds on one event; webhook bodies past them are refused, never truncated. */
export const LIMITS = {
  /** Commits in one deployment or push: DevLake sets none; GitHub documents at most 2048 per push body. */
  maxCommits: 2048,
  id: 255,
  name: 200,
  title: 1000,
  message: 65_536,
  url: 2048,
} as const;

/** Up to 20 problems, each as `field: why`, the zod path joined with dots. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.slice(0, 20).map((issue) => ({
    field: issue.path.map(String).join(".") || "(body)",
    reason: issue.message,
  }));
}

/** Parses with a schema; failure becomes the list of field errors. */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/** An RFC 3339 time with an offset, 1970 to 9999, as the instant it names (UTC). */
export const time = () => timestamp().transform((value) => new Date(value));

/** Required text of 1 to `max` characters (no NUL, no lone surrogates). */
export const name = (max: number = LIMITS.name) => text(max, 1);

/** An http(s) URL of at most LIMITS.url characters. */
export const webUrl = () =>
  text(LIMITS.url, 1).refine((value) => /^https?:\/\/[^\s/]+/i.test(value), "must be an http(s) URL");

/** A git commit id: 7 to 64 hex digits (abbreviated, SHA-1 or SHA-256), kept in lower case. */
export const commitSha = () =>
  z
    .string({ error: "must be text" })
    .regex(/^[0-9a-fA-F]{7,64}$/, "must be a commit id of 7 to 64 hex digits")
    .transform((value) => value.toLowerCase());

/**
 * A commit id as DevLake takes it: any text of 1 to 255 characters without blanks (its own samples
 * use "1", "10"); hex ids are kept in lower case so they match GitHub's.
 */
export const looseCommitSha = () =>
  text(LIMITS.id, 1)
    .refine((value) => !/\s/.test(value), "must be a commit id without blanks")
    .transform((value) => (/^[0-9a-f]+$/i.test(value) ? value.toLowerCase() : value));

/** A list of at most `max` items, saying so when there are more. */
export const limitedArray = <T extends z.ZodType>(item: T, max: number, min = 0) =>
  z
    .array(item, { error: "must be a list" })
    .min(min, `must have ${min} to ${max} items`)
    .max(max, `must have at most ${max} items`);

/** A positive whole number as JSON sends it (GitHub's ids), never a string or a float. */
export const positiveId = () =>
  z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, `must be from 1 to ${Number.MAX_SAFE_INTEGER}`)
    .max(Number.MAX_SAFE_INTEGER, `must be from 1 to ${Number.MAX_SAFE_INTEGER}`);

/** A mapping's own entry only: a sent name such as "constructor" must not find Object's members. */
export function lookup<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
