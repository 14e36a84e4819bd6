import { type ParseError, parse as parseTolerant, printParseErrorCode } from "jsonc-parser";
import { z } from "zod";
import { VigilError } from "@/lib/errors";

// Terraform state, format version 4 (what Terraform 0.12 and later write): the managed resource
// instances it records, each with its address, the provider that manages it, the id the cloud
// knows it by (what billing lines name it by) and its tags or labels. Data sources are reads,
// not resources, and are left out.

const Instance = z.object({
  index_key: z.union([z.string(), z.number()]).optional(),
  attributes: z.record(z.string(), z.unknown()).default({}),
});

const Resource = z.object({
  module: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string().min(1),
  name: z.string().min(1),
  provider: z.string().min(1),
  instances: z.array(Instance).default([]),
});

const StateV4 = z.object({
  version: z.literal(4, { error: "only Terraform state format version 4 is supported (Terraform 0.12 and later)" }),
  terraform_version: z.string().optional(),
  serial: z.number().int().min(0),
  lineage: z.string().min(1),
  resources: z.array(Resource).default([]),
});

export interface StateResource {
  address: string;
  module: string | null;
  type: string;
  name: string;
  /** The provider's source address: registry.terraform.io/hashicorp/aws. */
  provider: string;
  /** The provider's id for it (id, else self_link): what most billing exports name it by. */
  cloudId: string | null;
  /** AWS: the ARN, which CUR uses for some resource types instead of the id. */
  arn: string | null;
  tags: Record<string, string>;
}

export interface ParsedState {
  lineage: string;
  serial: number;
  terraformVersion: string | null;
  resources: StateResource[];
}

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
export function parseTerraformState(text: string, file: string): ParsedState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse does not say where; a tolerant parser finds the first error's offset.
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const before = first ? text.slice(0, first.offset).split("\n") : null;
    const line = before ? before.length : null;
    const column = before ? before[before.length - 1].length + 1 : null;
    throw new VigilError("bad_request", `${file}: not JSON${first ? ` (${printParseErrorCode(first.error)} at line ${line}, column ${column})` : ""}`, { file, line, column });
  }
  const parsed = StateV4.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VigilError("bad_request", `${file}: ${issue.path.join(".") || "state"}: ${issue.message}`, { file, field: issue.path.join(".") || null });
  }
  const state = parsed.data;
  const resources = state.resources
    .filter((resource) => resource.mode === "managed")
    .flatMap((resource) =>
      resource.instances.map((instance): StateResource => {
        const arn = asString(instance.attributes.arn);
        return {
          address: addressOf(resource.module, resource.type, resource.name, instance.index_key),
          module: resource.module ?? null,
          type: resource.type,
          name: resource.name,
          provider: PROVIDER.exec(resource.provider)?.[1] ?? resource.provider,
          cloudId: asString(instance.attributes.id) ?? asString(instance.attributes.self_link),
          arn,
          tags: tagsOf(instance.attributes),
        };
      }),
    );
  return { lineage: state.lineage, serial: state.serial, terraformVersion: state.terraform_version ?? null, resources };
}
