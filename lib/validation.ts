import { z } from "zod";
import { VigilError } from "./errors";

// Building blocks for every input a client can set: each refuses what PostgreSQL or the code
// after it would choke on (NUL, lone surrogates, overflow, exponents, far dates, forged cursors)
// with a message that, behind the field's name, says what is allowed.

/** The first problem of a failed parse as a 400 naming the field and why. */
export function inputError(error: z.ZodError): VigilError {
  const issue = error.issues[0];
  if (!issue) return new VigilError("bad_request", "Invalid input", { field: null });
  const field = issue.path.map(String).join(".");
  return new VigilError("bad_request", field ? `${field}: ${issue.message}` : issue.message, { field: field || null });
}

/** Validates a verb's input; the first problem becomes a 400 naming the field and why. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw inputError(result.error);
}

/** An empty query parameter (`?service=`) means the filter is not set. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether an id can be a row's uuid: anything else names none (a 404, never a database error). */
export const isUuid = (value: string): boolean => UUID.test(value);

export const blankAsUnset = (value: unknown) => (value === "" ? undefined : value);

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A lone UTF-16 surrogate has no UTF-8 form: PostgreSQL can not store the text. */
export const hasLoneSurrogate = (value: string): boolean => LONE_SURROGATE.test(value);

/** Text of at most `max` characters that PostgreSQL can store: no NUL, no lone surrogate. */
export function text(max: number, min = 0) {
  const length = min > 0 ? `${min} to ${max} characters` : `at most ${max} characters`;
  return z
    .string({ error: "must be text" })
    .min(min, `must be ${length}`)
    .max(max, `must be ${length}`)
    .refine((value) => !value.includes("\0"), "must not contain NUL characters")
    .refine((value) => !LONE_SURROGATE.test(value), "must be valid Unicode (no lone surrogates)");
}

const INTEGER = /^[+-]?\d{1,16}$/;
const DECIMAL = /^[+-]?(\d{1,16}(\.\d{0,9})?|\.\d{1,9})$/;

/** A number, from JSON or a query string; strings must be plain digits (no exponent, hex or blanks). */
function numeric(pattern: RegExp, kind: string, min: number, max: number) {
  const message = `must be ${kind} from ${min} to ${max}`;
  const number = z.number({ error: message }).min(min, message).max(max, message);
  return z.preprocess(
    (value) => (typeof value === "string" ? (pattern.test(value) ? Number(value) : Number.NaN) : value),
    kind === "a whole number" ? number.int(message) : number,
  );
}

/** A whole number within [min, max]; `1e15`, `99999999999999999999`, `NaN` and `1.5` are refused. */
export function integer(min: number, max: number) {
  return numeric(INTEGER, "a whole number", min, max);
}

/** A decimal number within [min, max], at most 9 fraction digits, never in exponent notation. */
export function decimal(min: number, max: number) {
  return numeric(DECIMAL, "a number", min, max);
}

/** Times Vigil can hold: PostgreSQL and JavaScript both handle far wider, nothing real needs it. */
const EARLIEST = "1970-01-01T00:00:00Z";
export const LATEST = "9999-12-31T23:59:59Z";
const inRange = (ms: number) => ms >= Date.parse(EARLIEST) && ms <= Date.parse(LATEST);

/** An ISO 8601 time with an offset (or Z), between 1970 and 9999. */
export function timestamp() {
  return z
    .string({ error: "must be an ISO 8601 time" })
    .max(40, "must be an ISO 8601 time")
    .pipe(z.iso.datetime({ offset: true, error: "must be an ISO 8601 time, such as 2026-01-31T12:00:00Z" }))
    .refine((value) => inRange(Date.parse(value)), `must be between ${EARLIEST.slice(0, 4)} and ${LATEST.slice(0, 4)}`);
}

/** A calendar day as YYYY-MM-DD, between 1970 and 9999. */
export function day() {
  return z
    .string({ error: "must be a date as YYYY-MM-DD" })
    .max(10, "must be a date as YYYY-MM-DD")
    .pipe(z.iso.date({ error: "must be a date as YYYY-MM-DD" }))
    .refine(
      (value) => inRange(Date.parse(`${value}T00:00:00Z`)),
      `must be between ${EARLIEST.slice(0, 4)} and ${LATEST.slice(0, 4)}`,
    );
}

/**
 * A paging cursor handed out by this API, decoded by `decode` (null when it is not one). Clients
 * pass cursors back untouched, so anything else is refused as "not a cursor from this API".
 */
export function cursor<T>(decode: (value: string) => T | null) {
  return z.string({ error: "is not a cursor from this API" }).transform((value, ctx): T => {
    const decoded = value.length <= 200 ? decode(value) : null;
    if (decoded === null) {
      ctx.addIssue({ code: "custom", message: "is not a cursor from this API" });
      return z.NEVER;
    }
    return decoded;
  });
}

/** A zero-based page number of a paged view; past the last page there is nothing to show. */
export function pageNumber(maxPage = 10_000) {
  return integer(0, maxPage);
}

/** How many rows one page of a list holds: 1 to 200, 50 when not given. */
export function pageLimit() {
  return z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 200")
    .max(200, "must be between 1 and 200")
    .default(50);
}

/** One of a closed set of values, naming them when another is sent. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}
