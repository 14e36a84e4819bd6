import type { Resource } from "./evidence";

// Which resource a zombie finding or an off-hours proposal is about: the same fields in the API's
// spelling and in the tables' columns, declared once for both.

export interface ResourceFields {
  resourceKey: string;
  resourceId: string;
  kind: string;
  address: string | null;
  arn: string | null;
  name: string | null;
  region: string | null;
  service: string | null;
  team: string | null;
}

export interface ResourceColumns {
  resource_key: string;
  resource_id: string;
  kind: string;
  address: string | null;
  arn: string | null;
  name: string | null;
  region: string | null;
  service: string | null;
  team: string | null;
}

/** The scan's resource as a stored row names it (an absent field is null). */
export function resourceFields(resource: Resource): ResourceFields {
  return {
    resourceKey: resource.key,
    resourceId: resource.resourceId,
    kind: resource.kind,
    address: resource.address ?? null,
    arn: resource.arn ?? null,
    name: resource.name ?? null,
    region: resource.region ?? null,
    service: resource.service ?? null,
    team: resource.team ?? null,
  };
}

/** A row's resource columns as the API names them. */
export function resourceFieldsOf(row: ResourceColumns): ResourceFields {
  return {
    resourceKey: row.resource_key,
    resourceId: row.resource_id,
    kind: row.kind,
    address: row.address,
    arn: row.arn,
    name: row.name,
    region: row.region,
    service: row.service,
    team: row.team,
  };
}
