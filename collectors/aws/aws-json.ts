import { jsonErrorAt, jsonErrorText } from "../json-error";
import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { hasLoneSurrogate } from "@/lib/validation";

// Building blocks of the AWS CLI output parsers: tolerant of the many fields Vigil does not read,
// strict on the ones it does, and every problem a 400 naming its JSON path as the CLI prints it.

/** Largest output accepted: describe-instances of about a thousand instances; split by region or --filters past it. */
export const MAX_AWS_OUTPUT_BYTES = 8 * 1024 * 1024;

function textProblem(value: string, max: number, min: number): string | null {
  if (value.length < min) return min === 1 ? "must not be empty" : `shorter than ${min} characters`;
  if (value.length > max) return `longer than ${max} characters`;
  if (value.includes("\0")) return "contains a NUL character";
  if (hasLoneSurrogate(value)) return "contains a lone surrogate (not valid Unicode)";
  return null;
}

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined
    ? "is required"
    : typeof issue.input === "number" && !Number.isFinite(issue.input)
      ? "not a finite number"
      : `must be ${what}, not ${kindOf(issue.input)}`;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Text of min..max characters PostgreSQL can store. */
export const AwsText = (max: number, min = 1) =>
  z.string({ error: required("text") }).superRefine((value, check) => {
    const problem = textProblem(value, max, min);
    if (problem) check.addIssue({ code: "custom", message: problem });
  });

/** Optional text where the CLI prints "" for none (a volume's SnapshotId): "" becomes null. */
export const OptionalText = (max: number) =>
  AwsText(max, 0)
    .nullish()
    .transform((value) => (value ? value : null));

const EARLIEST = Date.parse("1970-01-01T00:00:00Z");
const LATEST = Date.UTC(10_000, 0, 1) - 1;

/** An ISO 8601 time as the CLI prints it ("2016-06-24T20:22:50+00:00", "…50.335Z"), as UTC ISO. */
export const IsoTime = z
  .string({ error: required("an ISO 8601 time") })
  .superRefine((value, check) => {
    const ok = value.length <= 40 && z.iso.datetime({ offset: true }).safeParse(value).success;
    const ms = ok ? Date.parse(value) : Number.NaN;
    if (!ok) check.addIssue({ code: "custom", message: "not an ISO 8601 time (such as 2016-06-24T20:22:50+00:00)" });
    else if (!(ms >= EARLIEST && ms <= LATEST))
      check.addIssue({ code: "custom", message: "not between 1970 and 9999" });
  })
  .transform((value) => new Date(value).toISOString());

/** A whole number in [min, max]: the columns and rules behind it hold no more. */
export const WholeNumber = (min: number, max: number) =>
  z.number({ error: required("a number") }).superRefine((value, check) => {
    const problem = !Number.isFinite(value)
      ? "not a finite number"
      : !Number.isInteger(value)
        ? "must be a whole number"
        : value < min
          ? `below ${min}`
          : value > max
            ? `above ${max}`
            : null;
    if (problem) check.addIssue({ code: "custom", message: problem });
  });

/** The largest 32-bit integer: sizes, IOPS and counts above it are not real. */
export const MAX_INT = 2_147_483_647;

/** Any finite number (a metric statistic); 1e400 arrives from JSON.parse as Infinity. */
export const Finite = z
  .number({ error: required("a number") })
  .refine((value) => Number.isFinite(value), "not a finite number");

const MAX_TAGS = 1000;

/** AWS tags, `[{Key, Value}]`, as a map; a key given twice is refused (AWS never prints one). */
export const AwsTags = z
  .array(z.object({ Key: AwsText(1024), Value: AwsText(4096, 0) }), { error: required("an array of {Key, Value}") })
  .max(MAX_TAGS, `more than ${MAX_TAGS} tags`)
  .nullish()
  .superRefine((tags, check) => {
    const seen = new Set<string>();
    (tags ?? []).forEach((tag, index) => {
      if (seen.has(tag.Key))
        check.addIssue({
          code: "custom",
          message: `tag ${JSON.stringify(tag.Key)} appears twice`,
          path: [index, "Key"],
        });
      seen.add(tag.Key);
    });
  })
  .transform((tags) => Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value])));

/** A JSON path as the AWS documentation writes it: Reservations[0].Instances[3].LaunchTime. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** A problem in an output as a 400 naming the command, the JSON path and why. */
export function outputProblem(command: string, path: readonly PropertyKey[], message: string): VigilError {
  const field = jsonPath(path);
  return new VigilError("bad_request", `${command}: ${field ? `${field}: ` : ""}${message}`, {
    command,
    field: field || null,
  });
}

/** Parses `json` with `schema`; the first problem is a 400 naming its JSON path. */
export function parseOutput<S extends z.ZodType>(command: string, schema: S, json: unknown): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const root = json === null || typeof json !== "object" || Array.isArray(json);
  if (root) throw outputProblem(command, [], `the output must be a JSON object, not ${kindOf(json)}`);
  throw outputProblem(command, issue.path, issue.message);
}

/** The body's JSON; not JSON is a 400 with the line and column of the first error. */
export function parseJson(command: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VigilError("bad_request", `${command}: not JSON${jsonErrorText(jsonErrorAt(text))}`, {
      command,
      field: null,
    });
  }
}

/** The body as text, read under the cap (a 413 past it) and refused when it is not UTF-8. */
export async function outputText(command: string, body: string | AsyncIterable<Uint8Array>): Promise<string> {
  const tooLarge = () =>
    new VigilError(
      "payload_too_large",
      `${command}: outputs over ${MAX_AWS_OUTPUT_BYTES / 1024 / 1024} MiB are not accepted; split it by region or with --filters`,
      {
        command,
        limitBytes: MAX_AWS_OUTPUT_BYTES,
      },
    );
  if (typeof body === "string") {
    if (Buffer.byteLength(body) > MAX_AWS_OUTPUT_BYTES) throw tooLarge();
    return body;
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_AWS_OUTPUT_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new VigilError("bad_request", `${command}: the output is not valid UTF-8`, { command, field: null });
  }
}
