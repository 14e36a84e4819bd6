import { z } from "zod";
import type { DriftObservation, ParsedDrift, PlannedChange } from "@/lib/drift/schemas";
import { VigilError } from "@/lib/errors";
import { hasLoneSurrogate } from "@/lib/validation";
import { Address, Name, parseElement, Version } from "./drift-fields";
import { MAX_DEPTH, MAX_STRING } from "./read-json-document";

// `terraform plan -json`: one JSON message a line (the machine-readable UI, version 0.x or 1.x).
// resource_drift says a resource changed or was deleted outside Terraform (without values),
// planned_change what the plan would do, change_summary the counts. Other messages are skipped.

const MAX_LINE = 4 * MAX_STRING;

const Resource = z.object({ addr: Address, resource_type: Name.optional(), implied_provider: Name.optional() });
const DRIFT_ACTIONS = ["update", "delete"] as const;
const PLANNED_ACTIONS = ["noop", "create", "read", "update", "replace", "delete", "move", "remove", "import"] as const;

const Message = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("version"),
    terraform: Version.optional(),
    ui: z.string().regex(/^[01]\.\d{1,4}$/, "must be a UI version 0.x or 1.x"),
  }),
  z.object({
    type: z.literal("resource_drift"),
    change: z.object({ resource: Resource, action: z.enum(DRIFT_ACTIONS) }),
  }),
  z.object({
    type: z.literal("planned_change"),
    change: z.object({ resource: Resource, action: z.enum(PLANNED_ACTIONS), reason: Name.optional() }),
  }),
  z.object({
    type: z.literal("change_summary"),
    changes: z
      .object({ add: z.number().int().min(0), change: z.number().int().min(0), remove: z.number().int().min(0) })
      .passthrough(),
  }),
]);

const KNOWN = new Set(["version", "resource_drift", "planned_change", "change_summary"]);

function fail(file: string, line: number, why: string): never {
  throw new VigilError("bad_request", `${file}: line ${line}: ${why}`, { file, line });
}

/** The first problem with a message's strings or nesting: PostgreSQL can store neither NUL nor a lone surrogate. */
function problemOf(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
  if (typeof value === "string") {
    if (value.includes("\0")) return "contains a NUL character";
    if (hasLoneSurrogate(value)) return "contains a lone surrogate (not valid Unicode)";
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const problem = problemOf(key, depth + 1) ?? problemOf(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Lines of the text as they stream in, each at most MAX_LINE characters. */
async function* lines(chunks: AsyncIterable<string>, file: string): AsyncGenerator<string> {
  let rest = "";
  let number = 0;
  for await (const chunk of chunks) {
    rest += chunk;
    let start = 0;
    for (let newline = rest.indexOf("\n"); newline >= 0; newline = rest.indexOf("\n", start)) {
      number += 1;
      if (newline - start > MAX_LINE) fail(file, number, `longer than ${MAX_LINE} characters`);
      yield rest.slice(start, newline);
      start = newline + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE) fail(file, number + 1, `longer than ${MAX_LINE} characters`);
  }
  if (rest.trim() !== "") yield rest;
}

export async function parseTerraformPlanJsonl(chunks: AsyncIterable<string>, file: string): Promise<ParsedDrift> {
  const result: ParsedDrift = {
    format: "terraform-plan-jsonl",
    toolVersion: null,
    detectedAt: null,
    observations: [],
    planned: [],
    summary: {},
  };
  let number = 0;
  let versionSeen = false;
  for await (const line of lines(chunks, file)) {
    number += 1;
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      fail(file, number, `not JSON (${(err as Error).message.slice(0, 120)})`);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json))
      fail(file, number, "not a JSON object (a message)");
    const problem = problemOf(json);
    if (problem) fail(file, number, problem);
    const type = (json as Record<string, unknown>).type;
    if (!versionSeen && type !== "version")
      fail(file, number, 'not a `terraform plan -json` stream: its first message must be of type "version"');
    if (typeof type !== "string" || !KNOWN.has(type)) continue;
    const message = parseElement(Message, json, file, `line ${number}: `);
    versionSeen = true;
    apply(result, message, json as Record<string, unknown>);
  }
  if (!versionSeen) fail(file, Math.max(number, 1), "empty: no `terraform plan -json` messages");
  return result;
}

function apply(result: ParsedDrift, message: z.output<typeof Message>, raw: Record<string, unknown>): void {
  if (message.type === "version") {
    result.toolVersion = message.terraform ?? null;
    const at = typeof raw["@timestamp"] === "string" ? new Date(raw["@timestamp"]) : null;
    result.detectedAt = at && !Number.isNaN(at.getTime()) ? at : null;
  } else if (message.type === "resource_drift") {
    const { resource, action } = message.change;
    const observation: DriftObservation = {
      address: resource.addr,
      kind: action === "delete" ? "missing" : "changed",
      type: resource.resource_type ?? null,
      provider: resource.implied_provider ?? null,
      cloudId: null,
      changes: [],
      actions: [action],
    };
    result.observations.push(observation);
  } else if (message.type === "planned_change") {
    const { resource, action, reason } = message.change;
    if (action === "noop" || action === "read") return;
    const planned: PlannedChange = {
      address: resource.addr,
      type: resource.resource_type ?? null,
      actions: action === "replace" ? ["delete", "create"] : [action],
      replace: action === "replace",
      reason: reason ?? null,
      changes: [],
    };
    result.planned.push(planned);
  } else {
    result.summary = { add: message.changes.add, change: message.changes.change, remove: message.changes.remove };
  }
}
