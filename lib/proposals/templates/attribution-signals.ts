// Where unallocated spend says which feature it belongs to, as plain data in and out:
// 1. a tag whose value is a known feature key, under a key that is not a configured feature tag key
//    (project=checkout when only `feature` is configured): a tag rule for that key and value;
// 2. else a resource whose id, name or address contains a feature key: the resource to that feature.

export interface UnallocatedResource {
  resource_id: string;
  cost: string;
  line_tags: Record<string, unknown>[];
  inventory: { address: string; name: string; tags: Record<string, unknown> }[];
}

export type Signal =
  | { type: "tag-rule"; tagKey: string; tagValue: string; feature: string; rationale: string; evidenceIds: string[] }
  | { type: "resource-feature"; resourceIds: string[]; feature: string; rationale: string; evidenceIds: string[] };

/** Feature keys shorter than this match too much inside names ("api", "web") to be a signal. */
const MIN_NAME_MATCH = 4;
const FEATURE_KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/** Longest evidence id the proposal schema takes. */
const MAX_EVIDENCE_ID = 600;

function evidenceOf(resource: UnallocatedResource): string[] {
  return [...resource.inventory.map((r) => `resource:${r.address}`), `bill:${resource.resource_id}`].filter(
    (id) => id.length <= MAX_EVIDENCE_ID,
  );
}

function tagsOf(resource: UnallocatedResource): [string, string][] {
  const all = [...resource.line_tags, ...resource.inventory.map((r) => r.tags)];
  return all.flatMap((tags) =>
    Object.entries(tags ?? {}).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])),
  );
}

function nameMatch(resource: UnallocatedResource, features: readonly string[]): string | null {
  const haystack = [resource.resource_id, ...resource.inventory.flatMap((r) => [r.address, r.name])].map((s) =>
    s.toLowerCase(),
  );
  // The longest key first: "checkout-v2" before "checkout".
  const sorted = [...features].filter((f) => f.length >= MIN_NAME_MATCH).sort((a, b) => b.length - a.length);
  return sorted.find((f) => haystack.some((s) => s.includes(f.toLowerCase()))) ?? null;
}

/** The signals in the unallocated resources, one proposal's worth each, biggest spend first. */
export function unallocatedSignals(
  resources: readonly UnallocatedResource[],
  featureKeys: readonly string[],
  featureTagKeys: readonly string[],
): Signal[] {
  const features = new Set(featureKeys.filter((key) => FEATURE_KEY.test(key) && key.length <= 200));
  const configured = new Set(featureTagKeys.map((key) => key.toLowerCase()));
  const byTag = new Map<string, Extract<Signal, { type: "tag-rule" }>>();
  const byName = new Map<string, Extract<Signal, { type: "resource-feature" }>>();
  for (const resource of resources) {
    const tag = tagsOf(resource).find(
      ([k, v]) =>
        features.has(v) && !configured.has(k.toLowerCase()) && k.length <= 128 && k.toLowerCase() !== "shared",
    );
    if (tag) {
      const [tagKey, tagValue] = tag;
      const id = JSON.stringify([tagKey.toLowerCase(), tagValue]);
      const signal = byTag.get(id) ?? {
        type: "tag-rule" as const,
        tagKey,
        tagValue,
        feature: tagValue,
        rationale: `Spend tagged ${tagKey}=${tagValue} stayed unallocated: ${tagValue} is a feature, but ${tagKey} is not a configured feature tag key.`,
        evidenceIds: [],
      };
      signal.evidenceIds.push(...evidenceOf(resource));
      byTag.set(id, signal);
      continue;
    }
    const feature = nameMatch(resource, [...features]);
    if (!feature || resource.resource_id.length > 2048) continue;
    const signal = byName.get(feature) ?? {
      type: "resource-feature" as const,
      resourceIds: [],
      feature,
      rationale: `These resources' ids, names or addresses contain the feature key ${feature}, and their spend stayed unallocated.`,
      evidenceIds: [],
    };
    signal.resourceIds.push(resource.resource_id);
    signal.evidenceIds.push(...evidenceOf(resource));
    byName.set(feature, signal);
  }
  return [...byTag.values(), ...byName.values()].map((s) => ({ ...s, evidenceIds: [...new Set(s.evidenceIds)] }));
}
