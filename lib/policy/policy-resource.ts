import type { PolicyResource } from "./schemas";

// A state's or plan's resource as rules see it: the provider's attributes as they are, with the
// tags (tags_all includes the provider's default_tags) and the region lifted out.

function tagsOf(attributes: Record<string, unknown>): Record<string, string> {
  for (const key of ["tags_all", "tags", "effective_labels", "labels"]) {
    const value = attributes[key];
    if (value && typeof value === "object" && !Array.isArray(value))
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : String(v ?? "")]),
      );
  }
  return {};
}

const str = (value: unknown) => (typeof value === "string" ? value : "");

function regionOf(attributes: Record<string, unknown>): string {
  const region = str(attributes.region) || str(attributes.location);
  if (region) return region;
  const arnRegion = str(attributes.arn).split(":")[3];
  if (arnRegion) return arnRegion;
  return str(attributes.availability_zone).replace(/[a-z]$/, "");
}

export function toPolicyResource(type: string, address: string, attributes: unknown): PolicyResource {
  const values = attributes && typeof attributes === "object" && !Array.isArray(attributes) ? attributes : {};
  const record = values as Record<string, unknown>;
  return { type, address, attributes: record, tags: tagsOf(record), region: regionOf(record) };
}

/** The environment a resource serves, from its tags; '' when untagged. */
export function environmentOf(resource: { tags: Record<string, string> }): string {
  const tags = resource.tags;
  return tags.environment ?? tags.Environment ?? tags.env ?? tags.Env ?? "";
}
