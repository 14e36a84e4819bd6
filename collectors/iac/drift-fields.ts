import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { text } from "@/lib/validation";

// The fields shared by the drift parsers, and how a bad one is reported: the file, the JSON path
// (or line) and why.

export const Address = text(2048, 1);
export const Name = text(1024, 1);
export const Version = text(64);

/** A zod failure as a 400 naming the file, where the element is, the field and why. */
export function elementError(file: string, where: string, error: z.ZodError): VigilError {
  const issue = error.issues[0];
  const field = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
  const at = where.endsWith(": ") ? `${where}${field.replace(/^\./, "")}` : `${where}${field}`.replace(/^\./, "");
  return new VigilError("bad_request", `${file}: ${at}: ${issue.message}`, { file, path: at });
}

export function parseElement<S extends z.ZodType>(schema: S, value: unknown, file: string, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw elementError(file, where, parsed.error);
  return parsed.data;
}

/** Replace is the pair of delete and create in either order. */
export const isReplace = (actions: readonly string[]) =>
  actions.length === 2 && actions.includes("delete") && actions.includes("create");

/** What a file of another tool looks like, for the message refusing it. */
export function otherFormat(kept: Record<string, unknown>): string {
  if ("lineage" in kept || "serial" in kept) return " (it looks like a Terraform state: import it into the inventory)";
  if ("summary" in kept && "coverage" in kept) return " (it looks like a driftctl scan: use format=driftctl)";
  if ("format_version" in kept) return " (it looks like `terraform show -json` output: use format=terraform-show)";
  return "";
}
