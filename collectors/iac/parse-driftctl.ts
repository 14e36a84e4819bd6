import { z } from "zod";
import type { DriftObservation, ParsedDrift } from "@/lib/drift/schemas";
import { VigilError } from "@/lib/errors";
import { Address, Name, otherFormat, parseElement, Version } from "./drift-fields";
import { readJsonDocument } from "./read-json-document";

// driftctl's `scan --output json`: managed, unmanaged (in the cloud, in no state) and missing
// (in a state, deleted in the cloud) resources, with a summary and coverage that must agree with
// the arrays. driftctl no longer reports attribute differences (removed upstream in 2023).

const Resource = z.object({
  id: Address,
  type: Name,
  source: z
    .object({
      source: Address.optional(),
      namespace: Name.or(z.literal("")).optional(),
      internal_name: Name.optional(),
    })
    .optional(),
});
type Resource = z.output<typeof Resource>;

const Count = z.number({ error: "must be a whole number" }).int("must be a whole number").min(0).max(1e9);
const Summary = z.object({
  total_resources: Count,
  total_managed: Count,
  total_unmanaged: Count,
  total_missing: Count,
});

/** Its Terraform address when the scan names its state entry; type and cloud id otherwise. */
function addressOf(resource: Resource): string {
  const source = resource.source;
  if (source?.internal_name) return [source.namespace, resource.type, source.internal_name].filter(Boolean).join(".");
  return `${resource.type}.${resource.id}`;
}

const observation = (kind: "unmanaged" | "missing", resource: Resource): DriftObservation => ({
  address: addressOf(resource),
  kind,
  type: resource.type,
  provider: null,
  cloudId: resource.id,
  changes: [],
  actions: [],
});

function refuse(file: string, path: string, why: string): never {
  throw new VigilError("bad_request", `${file}: ${path}: ${why}`, { file, path });
}

export async function parseDriftctl(chunks: AsyncIterable<string>, file: string): Promise<ParsedDrift> {
  const counts = { managed: 0, unmanaged: 0, missing: 0 };
  const observations: DriftObservation[] = [];
  const kept = await readJsonDocument(chunks, file, {
    elements: {
      managed: (value, where) => {
        parseElement(Resource, value, file, where);
        counts.managed += 1;
      },
      unmanaged: (value, where) => {
        observations.push(observation("unmanaged", parseElement(Resource, value, file, where)));
        counts.unmanaged += 1;
      },
      missing: (value, where) => {
        observations.push(observation("missing", parseElement(Resource, value, file, where)));
        counts.missing += 1;
      },
    },
    values: [
      "summary",
      "coverage",
      "provider_name",
      "provider_version",
      "date",
      "format_version",
      "lineage",
      "version",
    ],
  });
  if (kept.summary === undefined)
    refuse(file, "summary", `missing, so this is not a driftctl scan${otherFormat(kept)}`);
  const summary = parseElement(Summary, kept.summary, file, "summary");
  for (const kind of ["managed", "unmanaged", "missing"] as const)
    if (summary[`total_${kind}`] !== counts[kind])
      refuse(
        file,
        `summary.total_${kind}`,
        `says ${summary[`total_${kind}`]} but the ${kind} array holds ${counts[kind]}`,
      );
  const total = counts.managed + counts.unmanaged + counts.missing;
  if (summary.total_resources !== total)
    refuse(file, "summary.total_resources", `says ${summary.total_resources} but the arrays hold ${total}`);
  // driftctl's own rule: int(managed / total × 100), 0 for an empty scan.
  const coverage = total === 0 ? 0 : Math.floor((counts.managed / total) * 100);
  const stated = parseElement(Count.max(100), kept.coverage, file, "coverage");
  if (stated !== coverage) refuse(file, "coverage", `says ${stated} but managed / total is ${coverage}`);
  const providerVersion = parseElement(Version.optional(), kept.provider_version, file, "provider_version");
  const date = typeof kept.date === "string" && kept.date.length <= 64 ? new Date(kept.date) : null;
  return {
    format: "driftctl",
    toolVersion: providerVersion ? `${kept.provider_name ?? "provider"} ${providerVersion}` : null,
    detectedAt: date && !Number.isNaN(date.getTime()) ? date : null,
    observations,
    planned: [],
    summary: { ...counts, total, coverage },
  };
}
