import { z } from "zod";
import { attributeChanges } from "@/lib/drift/attribute-diff";
import type { DriftObservation, ParsedDrift, PlannedChange } from "@/lib/drift/schemas";
import { VigilError } from "@/lib/errors";
import { Address, isReplace, Name, otherFormat, parseElement, Version } from "./drift-fields";
import { readJsonDocument } from "./read-json-document";

// `terraform show -json <planfile>` (format 0.x and 1.x): resource_drift holds what changed outside
// Terraform (a deletion there is a resource deleted outside it), resource_changes what the plan
// would do. Data sources are reads, not resources, and no-op or read actions change nothing.

const ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;

const ResourceChange = z.object({
  address: Address,
  mode: z.enum(["managed", "data"]).default("managed"),
  type: Name.optional(),
  provider_name: Name.optional(),
  action_reason: Name.optional(),
  change: z.object({
    actions: z
      .array(z.enum(ACTIONS, { error: `must be one of ${ACTIONS.join(", ")}` }))
      .min(1)
      .max(2),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    after_unknown: z.unknown().optional(),
    before_sensitive: z.unknown().optional(),
    after_sensitive: z.unknown().optional(),
  }),
});
type ResourceChange = z.output<typeof ResourceChange>;

const FORMAT = /^[01]\.\d{1,4}$/;

function cloudIdOf(change: ResourceChange["change"]): string | null {
  for (const values of [change.after, change.before]) {
    const record = values as Record<string, unknown> | null;
    const id = record && typeof record === "object" ? (record.id ?? record.arn) : null;
    if (typeof id === "string" && id !== "" && id.length <= 2048) return id;
  }
  return null;
}

const diffOf = (change: ResourceChange["change"]) =>
  attributeChanges({
    before: change.before,
    after: change.after,
    beforeSensitive: change.before_sensitive,
    afterSensitive: change.after_sensitive,
    afterUnknown: change.after_unknown,
  });

function toObservation(resource: ResourceChange): DriftObservation | null {
  const { actions } = resource.change;
  if (resource.mode !== "managed" || actions.every((action) => action === "no-op" || action === "read")) return null;
  const deleted = actions.length === 1 && actions[0] === "delete";
  return {
    address: resource.address,
    kind: deleted ? "missing" : "changed",
    type: resource.type ?? null,
    provider: resource.provider_name ?? null,
    cloudId: cloudIdOf(resource.change),
    changes: deleted ? [] : diffOf(resource.change),
    actions,
    ...(deleted ? {} : { values: { before: resource.change.before, after: resource.change.after } }),
  };
}

function toPlanned(resource: ResourceChange): PlannedChange | null {
  const { actions } = resource.change;
  if (resource.mode !== "managed" || actions.every((action) => action === "no-op" || action === "read")) return null;
  return {
    address: resource.address,
    type: resource.type ?? null,
    actions,
    replace: isReplace(actions),
    reason: resource.action_reason ?? null,
    changes: diffOf(resource.change),
  };
}

/** Parses the plan as it streams in; a bad file is a 400 naming the line, path and field. */
export async function parseTerraformShow(chunks: AsyncIterable<string>, file: string): Promise<ParsedDrift> {
  const observations: DriftObservation[] = [];
  const planned: PlannedChange[] = [];
  const kept = await readJsonDocument(chunks, file, {
    elements: {
      resource_drift: (value, where) => {
        const observation = toObservation(parseElement(ResourceChange, value, file, where));
        if (observation) observations.push(observation);
      },
      resource_changes: (value, where) => {
        const change = toPlanned(parseElement(ResourceChange, value, file, where));
        if (change) planned.push(change);
      },
    },
    values: ["format_version", "terraform_version", "timestamp", "lineage", "serial", "summary", "coverage"],
  });
  const format = kept.format_version;
  if (format === undefined)
    throw new VigilError(
      "bad_request",
      `${file}: format_version: missing, so this is not \`terraform show -json\` output${otherFormat(kept)}`,
      {
        file,
        path: "format_version",
      },
    );
  if (typeof format !== "string" || !FORMAT.test(format))
    throw new VigilError(
      "bad_request",
      `${file}: format_version: ${JSON.stringify(format).slice(0, 40)} is not a supported version (0.x or 1.x)`,
      {
        file,
        path: "format_version",
      },
    );
  const version = parseElement(Version.optional(), kept.terraform_version, file, "terraform_version");
  return {
    format: "terraform-show",
    toolVersion: version ?? null,
    detectedAt: timestampOf(kept.timestamp, file),
    observations,
    planned,
    summary: { formatVersion: format },
  };
}

function timestampOf(value: unknown, file: string): Date | null {
  if (value === undefined || value === null) return null;
  const at = typeof value === "string" && value.length <= 64 ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw new VigilError("bad_request", `${file}: timestamp: not an RFC 3339 time`, { file, path: "timestamp" });
  return at;
}
