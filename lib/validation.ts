import type { z } from "zod";
import { VigilError } from "./errors";

/** Validates a verb's input; the first problem becomes a 400 naming the field and why. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join(".");
  throw new VigilError("bad_request", field ? `${field}: ${issue.message}` : issue.message, { field: field || null });
}
