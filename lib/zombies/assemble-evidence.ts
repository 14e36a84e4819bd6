import { type Activity, type ManagedResource, serviceEnvironmentKey } from "./load-activity";
import type { BilledResource, CommitmentDay } from "./load-billing";
import type { CommitmentUsage, Evidence, MetricSeries, Resource, ResourceFacts, ResourceKind } from "./evidence";
import { imagesInDescription, kindOfCloudId, kindOfTerraformType, loadBalancerDimension } from "./resource-kinds";

// One Evidence per resource, joining what each source knows: the cloud inventory (state, facts),
// Terraform (the address: managed or not), the bill (cost per day, owner from the allocation),
// metrics (by resource id, ARN or CloudWatch dimension) and traffic and deployments (by the
// resource's service and environment). A resource is keyed by its cloud id, so the same volume in
// a state file, the inventory and the bill is one resource.

/** A cloud inventory resource as lib/cloud-inventory reads it (only the fields used here). */
export interface CloudSource {
  kind: string;
  resourceId: string;
  arn: string | null;
  region: string | null;
  name: string | null;
  state: string | null;
  stateSince: string | null;
  createdAt: string | null;
  tags: Record<string, string>;
  facts: object;
}

export interface Sources {
  cloud: readonly CloudSource[];
  managed: readonly ManagedResource[];
  billed: readonly BilledResource[];
  commitments: readonly CommitmentDay[];
  activity: Activity;
  serviceTeams: ReadonlyMap<string, string>;
  /** Daily metrics by the id they were reported for: a resource id, an ARN or a CloudWatch dimension. */
  metrics: ReadonlyMap<string, MetricSeries>;
}

const tag = (tags: Record<string, string>, keys: readonly string[]) => {
  const lower = Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  return keys.map((key) => lower[key]).find((value) => typeof value === "string" && value !== "");
};

function factsOf(source: CloudSource): ResourceFacts {
  const f = source.facts as Record<string, unknown>;
  const ids = (value: unknown) => (Array.isArray(value) ? value.length : undefined);
  switch (source.kind) {
    case "ebs-volume":
      return { attachments: ids(f.attachedInstanceIds), provisionedIops: (f.iops as number | null) ?? undefined };
    case "elastic-ip":
      return { associated: Boolean(f.associationId || f.instanceId || f.networkInterfaceId) };
    case "ebs-snapshot":
      return { imageIds: imagesInDescription(f.description as string | null) };
    default:
      return {};
  }
}

function fromCloud(source: CloudSource): Resource {
  return {
    key: `aws:${source.kind}:${source.resourceId}`,
    provider: "aws",
    kind: source.kind as ResourceKind,
    resourceId: source.resourceId,
    arn: source.arn ?? undefined,
    region: source.region ?? undefined,
    name: source.name ?? undefined,
    tags: source.tags,
    state: source.state ?? undefined,
    stateSince: source.stateSince ?? undefined,
    createdAt: source.createdAt ?? undefined,
    facts: factsOf(source),
  };
}

function fromManaged(source: ManagedResource): Resource {
  const kind = kindOfTerraformType(source.type);
  const id = source.cloudId ?? source.arn;
  return {
    key: id && kind !== "terraform" ? `aws:${kind}:${id}` : `terraform:${source.address}`,
    provider: source.provider.includes("aws") ? "aws" : source.provider,
    kind,
    resourceId: id ?? source.address,
    arn: source.arn ?? undefined,
    address: source.address,
    name: tag(source.tags, ["name"]),
    tags: source.tags,
    facts: {},
  };
}

function fromBill(source: BilledResource): Resource {
  const kind = kindOfCloudId(source.resourceId);
  return {
    key: kind === "billed" ? `billed:${source.resourceId}` : `aws:${kind}:${source.resourceId}`,
    provider: source.provider.toLowerCase().includes("amazon") ? "aws" : source.provider,
    kind,
    resourceId: source.resourceId,
    arn: source.resourceId.startsWith("arn:") ? source.resourceId : undefined,
    region: source.region ?? undefined,
    name: source.resourceName ?? undefined,
    tags: source.tags,
    facts: {},
  };
}

/** Resources by every id they are known by, merged into the first one seen (inventory, then state, then bill). */
class ResourceIndex {
  readonly resources: Resource[] = [];
  private byId = new Map<string, Resource>();

  find(...ids: (string | null | undefined)[]): Resource | undefined {
    for (const id of ids) if (id && this.byId.has(id)) return this.byId.get(id);
    return undefined;
  }

  add(resource: Resource): Resource {
    this.resources.push(resource);
    for (const id of [resource.resourceId, resource.arn]) if (id) this.byId.set(id, resource);
    return resource;
  }
}

function collectResources(sources: Sources) {
  const index = new ResourceIndex();
  for (const source of sources.cloud) index.add(fromCloud(source));
  for (const source of sources.managed) {
    const known = index.find(source.cloudId, source.arn);
    if (known) {
      known.address = source.address;
      known.tags = { ...source.tags, ...known.tags };
    } else index.add(fromManaged(source));
  }
  // What exists now as far as a state or the inventory says; the bill alone proves nothing.
  const inventoried = new Set(index.resources.map((resource) => resource.key));
  const bills = new Map<Resource, BilledResource>();
  for (const bill of sources.billed) {
    const resource = index.find(bill.resourceId) ?? index.add(fromBill(bill));
    resource.tags = { ...bill.tags, ...resource.tags };
    bills.set(resource, bill);
  }
  return { index, bills, inventoried };
}

function placeOwner(resource: Resource, bill: BilledResource | undefined, teams: ReadonlyMap<string, string>) {
  resource.service = bill?.appService ?? tag(resource.tags, ["service", "app", "application"]);
  resource.environment = bill?.environment ?? tag(resource.tags, ["environment", "env", "stage"]);
  resource.team =
    bill?.team ?? tag(resource.tags, ["team", "owner"]) ?? (resource.service ? teams.get(resource.service) : undefined);
}

function metricsOf(resource: Resource, metrics: ReadonlyMap<string, MetricSeries>): MetricSeries {
  const ids = [resource.resourceId, resource.arn, loadBalancerDimension(resource.arn)];
  return Object.assign({}, ...ids.map((id) => (id ? metrics.get(id) : undefined)).filter(Boolean));
}

const idsIn = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((id): id is string => typeof id === "string" && id !== "") : [];

/**
 * Instance id → the volumes attached to it, as either side says: the instance's block devices
 * (describe-instances) or the volume's attachments (describe-volumes), whichever was imported.
 */
function attachedVolumes(cloud: readonly CloudSource[]): Map<string, Set<string>> {
  const byInstance = new Map<string, Set<string>>();
  const attach = (instanceId: string, volumeId: string) =>
    (byInstance.get(instanceId) ?? byInstance.set(instanceId, new Set()).get(instanceId)!).add(volumeId);
  for (const source of cloud) {
    const facts = source.facts as Record<string, unknown>;
    if (source.kind === "ec2-instance") for (const id of idsIn(facts.volumeIds)) attach(source.resourceId, id);
    if (source.kind === "ebs-volume") for (const id of idsIn(facts.attachedInstanceIds)) attach(id, source.resourceId);
  }
  return byInstance;
}

/** An instance's volumes with what the bill says each cost (nothing when it does not name one). */
function volumesOf(
  resource: Resource,
  attached: Map<string, Set<string>>,
  index: ResourceIndex,
  bills: Map<Resource, BilledResource>,
) {
  const ids = resource.kind === "ec2-instance" ? attached.get(resource.resourceId) : undefined;
  if (!ids) return undefined;
  return [...ids].sort().map((volumeId) => {
    const volume = index.find(volumeId);
    return { volumeId, costs: (volume && bills.get(volume)?.costs) ?? {} };
  });
}

function commitmentEvidence(days: readonly CommitmentDay[]): Evidence[] {
  const byId = new Map<string, { name: string | null; usage: CommitmentUsage }>();
  for (const day of days) {
    const entry = byId.get(day.commitmentId) ?? { name: day.name, usage: {} };
    (entry.usage[day.day] ??= {})[day.currency] = { used: day.used, unused: day.unused };
    byId.set(day.commitmentId, entry);
  }
  return [...byId].map(([id, { name, usage }]) => ({
    resource: {
      key: `commitment:${id}`,
      provider: "aws",
      kind: "commitment",
      resourceId: id,
      name: name ?? undefined,
      tags: {},
      facts: {},
    },
    metrics: {},
    costs: {},
    commitment: usage,
  }));
}

/** Every resource's evidence and the commitments'; which resources a state or the inventory lists. */
export function assembleEvidence(sources: Sources): { evidence: Evidence[]; inventoried: Set<string> } {
  const { index, bills, inventoried } = collectResources(sources);
  const attached = attachedVolumes(sources.cloud);
  const { serviceRequests, serviceEnvironmentRequests, environmentRequests, environmentDeployments } = sources.activity;
  const evidence = index.resources.map((resource): Evidence => {
    const bill = bills.get(resource);
    placeOwner(resource, bill, sources.serviceTeams);
    return {
      resource,
      metrics: metricsOf(resource, sources.metrics),
      costs: bill?.costs ?? {},
      volumes: volumesOf(resource, attached, index, bills),
      // The service's requests in the resource's own environment when it has one.
      serviceRequests: !resource.service
        ? undefined
        : resource.environment
          ? serviceEnvironmentRequests.get(serviceEnvironmentKey(resource.service, resource.environment))
          : serviceRequests.get(resource.service),
      environmentRequests: resource.environment ? environmentRequests.get(resource.environment) : undefined,
      environmentDeployments: resource.environment ? environmentDeployments.get(resource.environment) : undefined,
    };
  });
  return { evidence: [...evidence, ...commitmentEvidence(sources.commitments)], inventoried };
}
