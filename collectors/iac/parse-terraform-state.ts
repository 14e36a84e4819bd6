import { jsonErrorAt, jsonErrorText } from "../json-error";
import { z } from "zod";
import type { StateResource, TerraformState } from "@/lib/costs/schemas";
import { VigilError } from "@/lib/errors";
import { hasLoneSurrogate } from "@/lib/validation";

// Terraform state, format version 4 (what Terraform 0.12 and later write): the managed resource
// instances it records, each with its address, the provider that manages it, the id the cloud
// knows it by (what billing lines name it by) and its tags or labels. Data sources are reads,
// not resources, and are left out.

// Every string Vigil keeps is bounded, and one PostgreSQL text can not hold (NUL) or that is not
// Unicode (a lone surrogate, which JSON escapes allow) is refused naming its field.

function textProblem(value: string, max: number): string | null {
  if (value.length > max) return `longer than ${max} characters`;
  if (value.includes("\0")) return "contains a NUL character";
  if (hasLoneSurrogate(value)) return "contains a lone surrogate (not valid Unicode)";
  return null;
}

const Text = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .superRefine((value, check) => {
      const problem = textProblem(value, max);
      if (problem) check.addIssue({ code: "custom", message: problem });
    });

/** An attribute Vigil reads (id, arn): checked when it is a string, ignored otherwise as before. */
const AttributeText = z.unknown().superRefine((value, check) => {
  const problem = typeof value === "string" ? textProblem(value, MAX_ID) : null;
  if (problem) check.addIssue({ code: "custom", message: problem });
});

/** Tags or labels: keys and values checked when they are an object, as tagsOf reads them. */
const AttributeTags = z.unknown().superRefine((value, check) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return;
  const entries = Object.entries(value);
  if (entries.length > MAX_TAGS) check.addIssue({ code: "custom", message: `more than ${MAX_TAGS} tags` });
  for (const [key, tag] of entries) {
    // Stored as tagsOf writes it: String() of whatever the value is.
    const problem = textProblem(key, MAX_TAG_KEY) ?? textProblem(String(tag ?? ""), MAX_TAG_VALUE);
    if (problem)
      check.addIssue({ code: "custom", message: `tag ${JSON.stringify(key.slice(0, 60))}: ${problem}`, path: [key] });
  }
});

const MAX_ID = 2048;
const MAX_TAGS = 1000;
const MAX_TAG_KEY = 1024;
const MAX_TAG_VALUE = 4096;
/** terraform_state.serial is a PostgreSQL integer; Terraform's own is a uint64 that never gets near it. */
const MAX_SERIAL = 2_147_483_647;

const Instance = z.object({
  index_key: z.union([Text(1024), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).optional(),
  attributes: z
    .object({
      id: AttributeText.optional(),
      self_link: AttributeText.optional(),
      arn: AttributeText.optional(),
      tags_all: AttributeTags.optional(),
      tags: AttributeTags.optional(),
      effective_labels: AttributeTags.optional(),
      labels: AttributeTags.optional(),
    })
    .catchall(z.unknown())
    .optional(),
});

const Resource = z.object({
  module: Text(4096).optional(),
  mode: z.enum(["managed", "data"]),
  type: Text(256, 1),
  name: Text(256, 1),
  provider: Text(1024, 1),
  instances: z.array(Instance).default([]),
});

const StateV4 = z.object({
  version: z.literal(4, { error: "only Terraform state format version 4 is supported (Terraform 0.12 and later)" }),
  terraform_version: Text(64).optional(),
  serial: z.number({ error: "a whole number is required" }).superRefine((serial, check) => {
    const problem =
      serial < 0
        ? "must not be negative"
        : serial > MAX_SERIAL
          ? `above ${MAX_SERIAL}, the largest serial Vigil stores`
          : Number.isInteger(serial)
            ? null
            : "a whole number is required";
    if (problem) check.addIssue({ code: "custom", message: problem });
  }),
  lineage: Text(256, 1),
  resources: z.array(Resource).default([]),
});

const PROVIDER = /provider\["([^"]+)"\]/;

function addressOf(module: string | undefined, type: string, name: string, key: string | number | undefined): string {
  const index = key === undefined ? "" : typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`;
  return `${module ? `${module}.` : ""}${type}.${name}${index}`;
}

const asString = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

function tagsOf(attributes: Record<string, unknown>): Record<string, string> {
  // tags_all includes the provider's default_tags; GCP calls them labels (effective_labels with defaults).
  for (const key of ["tags_all", "tags", "effective_labels", "labels"]) {
    const value = attributes[key];
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? "")]));
    }
  }
  return {};
}

/** Parses a state file; a bad one is a 400 naming the file and what is wrong (line and column for JSON). */
export function parseTerraformState(text: string, file: string): TerraformState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const at = jsonErrorAt(text);
    throw new VigilError("bad_request", `${file}: not JSON${jsonErrorText(at)}`, {
      file,
      line: at?.line ?? null,
      column: at?.column ?? null,
    });
  }
  const parsed = StateV4.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VigilError("bad_request", `${file}: ${issue.path.join(".") || "state"}: ${issue.message}`, {
      file,
      field: issue.path.join(".") || null,
    });
  }
  const state = parsed.data;
  const resources = state.resources
    .filter((resource) => resource.mode === "managed")
    .flatMap((resource) =>
      resource.instances.map((instance): StateResource => {
        const attributes: Record<string, unknown> = instance.attributes ?? {};
        const arn = asString(attributes.arn);
        return {
          address: addressOf(resource.module, resource.type, resource.name, instance.index_key),
          module: resource.module ?? null,
          type: resource.type,
          name: resource.name,
          provider: PROVIDER.exec(resource.provider)?.[1] ?? resource.provider,
          cloudId: asString(attributes.id) ?? asString(attributes.self_link),
          arn,
          tags: tagsOf(attributes),
          attributes,
        };
      }),
    );
  // Two instances at one address is a broken state, and the inventory keys resources by address.
  const seen = new Set<string>();
  for (const resource of resources) {
    if (seen.has(resource.address))
      throw new VigilError("bad_request", `${file}: resources: ${resource.address} appears twice`, {
        file,
        field: "resources",
      });
    seen.add(resource.address);
  }
  return { lineage: state.lineage, serial: state.serial, terraformVersion: state.terraform_version ?? null, resources };
}
