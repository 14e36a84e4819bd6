import { z } from "zod";
import { VigilError } from "@/lib/errors";
import { toPolicyResource } from "@/lib/policy/policy-resource";
import type { PolicyResource } from "@/lib/policy/schemas";
import { parseJsonText, recogniseFile } from "./json-text";

// `terraform show -json <planfile>`: the resources as they will be after apply, from
// planned_values (root and child modules), else from resource_changes[].change.after. Data
// sources are reads and deleted resources will not exist: neither is evaluated.

/** Plan JSON format versions Terraform has written: 0.1 and 0.2 (0.12 to 1.0), 1.x since 1.1. */
const FORMAT_VERSION = /^(0\.[12]|1\.\d{1,3})$/;
const MAX_MODULE_DEPTH = 100;

const PlannedResource = z.object({
  address: z.string().min(1).max(4096),
  mode: z.string().optional(),
  type: z.string().min(1).max(256),
  values: z.unknown().optional(),
});
const Module = z.object({
  resources: z.array(PlannedResource).optional(),
  child_modules: z.array(z.unknown()).optional(),
});
const Change = z.object({
  address: z.string().min(1).max(4096),
  mode: z.string().optional(),
  type: z.string().min(1).max(256),
  change: z.object({ actions: z.array(z.string()), after: z.unknown().optional() }),
});
const Plan = z.object({
  format_version: z.string({ error: "is required (this does not look like terraform show -json output)" }),
  planned_values: z.object({ root_module: z.unknown().optional() }).optional(),
  resource_changes: z.array(Change).optional(),
});

function fail(file: string, field: string, message: string): never {
  throw new VigilError("bad_request", `${file}: ${field}: ${message}`, { file, field });
}

function moduleResources(raw: unknown, path: string, file: string, depth: number, out: PolicyResource[]): void {
  if (depth > MAX_MODULE_DEPTH) fail(file, path, `modules nested deeper than ${MAX_MODULE_DEPTH}`);
  const parsed = Module.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(file, [path, ...issue.path].join("."), issue.message);
  }
  for (const resource of parsed.data.resources ?? [])
    if (resource.mode !== "data") out.push(toPolicyResource(resource.type, resource.address, resource.values));
  parsed.data.child_modules?.forEach((child, index) =>
    moduleResources(child, `${path}.child_modules.${index}`, file, depth + 1, out),
  );
}

export function parsePlan(text: string, file: string): PolicyResource[] {
  const json = parseJsonText(text, file);
  const other = recogniseFile(json);
  if (other) fail(file, "file", `this is ${other}, not a terraform show -json plan`);
  const parsed = Plan.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(file, issue.path.join(".") || "plan", issue.message);
  }
  const plan = parsed.data;
  if (!FORMAT_VERSION.test(plan.format_version))
    fail(
      file,
      "format_version",
      `${JSON.stringify(plan.format_version.slice(0, 20))} is not a plan format Vigil reads (0.1, 0.2 or 1.x)`,
    );
  const out: PolicyResource[] = [];
  const root = plan.planned_values?.root_module;
  if (root !== undefined) moduleResources(root, "planned_values.root_module", file, 0, out);
  else if (plan.resource_changes) {
    for (const change of plan.resource_changes)
      if (change.mode !== "data" && !(change.change.actions.length === 1 && change.change.actions[0] === "delete"))
        out.push(toPolicyResource(change.type, change.address, change.change.after));
  } else fail(file, "planned_values", "is missing, and so is resource_changes: nothing to evaluate");
  return out;
}
