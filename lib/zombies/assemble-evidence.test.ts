import { describe, expect, it } from "vitest";
import { assembleEvidence, type CloudSource, type Sources } from "./assemble-evidence";
import type { MetricSeries } from "./evidence";

// One resource known to the inventory, a state file and the bill is one Evidence, with what each
// source knows; metrics find it by id, ARN or CloudWatch dimension.

const volume: CloudSource = {
  kind: "ebs-volume",
  resourceId: "vol-0a1b2c3d4e5f60718",
  arn: null,
  region: "eu-west-1",
  name: "scratch",
  state: "available",
  stateSince: null,
  createdAt: "2026-10-01T00:00:00.000Z",
  tags: { Name: "scratch" },
  facts: { attachedInstanceIds: [], iops: 3000 },
};
const lbArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/preview-7/50dc6c495c0c9188";
const balancer: CloudSource = { ...volume, kind: "load-balancer", resourceId: lbArn, arn: lbArn, facts: {} };
const snapshot: CloudSource = {
  ...volume,
  kind: "ebs-snapshot",
  resourceId: "snap-0123456789abcdef0",
  facts: { description: "Created by CreateImage(i-0b22a22eec53b9321) for ami-0abcdef1234567890" },
};
const ip: CloudSource = {
  ...volume,
  kind: "elastic-ip",
  resourceId: "eipalloc-0a1b2c3d4e5f60718",
  facts: { associationId: null },
};

const sources = (overrides: Partial<Sources>): Sources => ({
  cloud: [volume, balancer, snapshot, ip],
  managed: [],
  billed: [],
  commitments: [],
  activity: {
    serviceRequests: new Map(),
    serviceEnvironmentRequests: new Map(),
    environmentRequests: new Map(),
    environmentDeployments: new Map(),
  },
  serviceTeams: new Map(),
  metrics: new Map(),
  ...overrides,
});

describe("assembleEvidence", () => {
  it("joins the inventory, a state file and the bill on the cloud id", () => {
    const { evidence, inventoried } = assembleEvidence(
      sources({
        managed: [
          {
            address: "module.preview.aws_ebs_volume.scratch",
            type: "aws_ebs_volume",
            provider: "registry.terraform.io/hashicorp/aws",
            cloudId: volume.resourceId,
            arn: null,
            tags: { team: "growth" },
          },
        ],
        billed: [
          {
            resourceId: volume.resourceId,
            provider: "AWS",
            resourceType: "Volume",
            resourceName: null,
            region: "eu-west-1",
            billingAccount: "111122223333",
            costs: { "2026-12-01": { USD: "0.40" } },
            tags: {},
            team: "payments",
            environment: "preview",
            appService: "checkout",
          },
          {
            resourceId: "i-0ffffffffffffffff",
            provider: "AWS",
            resourceType: null,
            resourceName: null,
            region: null,
            billingAccount: "111122223333",
            costs: { "2026-12-01": { EUR: "3" } },
            tags: { Owner: "ops" },
            team: null,
            environment: null,
            appService: null,
          },
        ],
      }),
    );
    const vol = evidence.find((e) => e.resource.resourceId === volume.resourceId)!;
    expect(vol.resource).toMatchObject({
      key: `aws:ebs-volume:${volume.resourceId}`,
      address: "module.preview.aws_ebs_volume.scratch",
      team: "payments",
      environment: "preview",
      service: "checkout",
      facts: { attachments: 0, provisionedIops: 3000 },
    });
    expect(vol.costs).toEqual({ "2026-12-01": { USD: "0.40" } });
    expect(evidence.filter((e) => e.resource.resourceId === volume.resourceId)).toHaveLength(1);
    // Known only from the bill: its kind from the id's shape, its owner from its tags.
    const billed = evidence.find((e) => e.resource.resourceId === "i-0ffffffffffffffff")!;
    expect(billed.resource).toMatchObject({ kind: "ec2-instance", team: "ops" });
    // The bill alone does not say a resource still exists: a torn-down one bills its last days.
    expect(inventoried.has(billed.resource.key)).toBe(false);
    expect(inventoried.has(vol.resource.key)).toBe(true);
    expect(billed.resource.address).toBeUndefined();
  });

  it("finds metrics by resource id and by a load balancer's CloudWatch dimension", () => {
    const day = { avg: 1, max: 2, sum: 3, count: 4 };
    const { evidence } = assembleEvidence(
      sources({
        metrics: new Map<string, MetricSeries>([
          ["app/preview-7/50dc6c495c0c9188", { RequestCount: { "2026-12-01": day } }],
          [volume.resourceId, { VolumeConsumedReadWriteOps: { "2026-12-01": day } }],
        ]),
      }),
    );
    expect(evidence.find((e) => e.resource.kind === "load-balancer")!.metrics).toEqual({
      RequestCount: { "2026-12-01": day },
    });
    expect(evidence.find((e) => e.resource.kind === "ebs-volume")!.metrics).toHaveProperty(
      "VolumeConsumedReadWriteOps",
    );
  });

  it("reads snapshot images from the CreateImage description and IP association from its ids", () => {
    const { evidence } = assembleEvidence(sources({}));
    expect(evidence.find((e) => e.resource.kind === "ebs-snapshot")!.resource.facts.imageIds).toEqual([
      "ami-0abcdef1234567890",
    ]);
    expect(evidence.find((e) => e.resource.kind === "elastic-ip")!.resource.facts.associated).toBe(false);
  });

  it("makes one commitment per id with its used and unused cost per day and currency", () => {
    const { evidence } = assembleEvidence(
      sources({
        cloud: [],
        commitments: [
          { commitmentId: "sp-1", name: "SP", currency: "USD", day: "2026-12-01", used: "5", unused: "5" },
          { commitmentId: "sp-1", name: "SP", currency: "USD", day: "2026-12-02", used: "4", unused: "6" },
        ],
      }),
    );
    expect(evidence).toHaveLength(1);
    expect(evidence[0].resource).toMatchObject({ key: "commitment:sp-1", kind: "commitment" });
    expect(evidence[0].commitment).toEqual({
      "2026-12-01": { USD: { used: "5", unused: "5" } },
      "2026-12-02": { USD: { used: "4", unused: "6" } },
    });
  });

  it("gives an instance the volumes either side says are attached, with their cost lines", () => {
    const instance: CloudSource = {
      ...volume,
      kind: "ec2-instance",
      resourceId: "i-0a1b2c3d4e5f60718",
      state: "stopped",
      facts: { volumeIds: ["vol-0root", "", 7] },
    };
    const data: CloudSource = {
      ...volume,
      resourceId: "vol-0data",
      facts: { attachedInstanceIds: [instance.resourceId] },
    };
    const bill = (resourceId: string, costs: Record<string, Record<string, string>>) => ({
      resourceId,
      provider: "AWS",
      resourceType: null,
      resourceName: null,
      region: null,
      billingAccount: "111122223333",
      costs,
      tags: {},
      team: null,
      environment: null,
      appService: null,
    });
    const { evidence } = assembleEvidence(
      sources({
        cloud: [instance, data, volume],
        billed: [
          bill("vol-0root", { "2026-12-01": { USD: "0.2" } }),
          bill("vol-0data", { "2026-12-01": { EUR: "1" } }),
        ],
      }),
    );
    expect(evidence.find((e) => e.resource.kind === "ec2-instance")!.volumes).toEqual([
      { volumeId: "vol-0data", costs: { "2026-12-01": { EUR: "1" } } },
      { volumeId: "vol-0root", costs: { "2026-12-01": { USD: "0.2" } } },
    ]);
    // Attachments unknown (an instance from the bill only) or not an instance: no list at all.
    expect(evidence.find((e) => e.resource.resourceId === volume.resourceId)!.volumes).toBeUndefined();
    const alone = assembleEvidence(sources({ cloud: [], billed: [bill("i-0ffffffffffffffff", {})] }));
    expect(alone.evidence[0].volumes).toBeUndefined();
  });

  it("takes the team of the resource's service when neither bill nor tags name one", () => {
    const { evidence } = assembleEvidence(
      sources({ cloud: [{ ...volume, tags: { service: "ledger" } }], serviceTeams: new Map([["ledger", "core"]]) }),
    );
    expect(evidence[0].resource).toMatchObject({ service: "ledger", team: "core" });
  });
});
