import { describe, expect, it } from "vitest";
import { fixture } from "./aws-fixtures";
import { parseCloudwatchStatistics, inferPeriod } from "./parse-cloudwatch-statistics";
import { parseEc2Addresses } from "./parse-ec2-addresses";
import { parseEc2Instances, stateSinceOf } from "./parse-ec2-instances";
import { parseEc2Snapshots } from "./parse-ec2-snapshots";
import { parseEc2Volumes } from "./parse-ec2-volumes";
import { parseElbv2LoadBalancers } from "./parse-elbv2-load-balancers";
import { parseRdsDbInstances } from "./parse-rds-db-instances";

const NONE = { region: null, account: null };

describe("AWS CLI outputs: the fixtures", () => {
  it("Custodian test_ec2_metric: one running m3.medium in us-west-2, account 644160558196", () => {
    const { kind, resources } = parseEc2Instances(fixture("custodian-ec2-metric/ec2-describe-instances.json"), NONE);
    expect(kind).toBe("ec2-instance");
    expect(resources).toEqual([
      {
        kind: "ec2-instance",
        resourceId: "i-0cfbce719a3400834",
        arn: "arn:aws:ec2:us-west-2:644160558196:instance/i-0cfbce719a3400834",
        account: "644160558196",
        region: "us-west-2",
        name: "C7n Test",
        state: "running",
        stateSince: "2016-06-24T20:22:50.000Z",
        createdAt: "2016-06-24T20:22:50.000Z",
        tags: { Name: "C7n Test" },
        facts: {
          instanceType: "m3.medium",
          imageId: "ami-9abea4fb",
          launchTime: "2016-06-24T20:22:50.000Z",
          stateReason: null,
          volumeIds: ["vol-54a757dd"],
          publicIp: "52.40.106.74",
        },
      },
    ]);
  });

  it("Custodian test_ebs_metrics_percent_filter: one unattached io1 volume of 100 GiB and 5,000 IOPS", () => {
    const { resources } = parseEc2Volumes(fixture("custodian-ebs-metrics-percent/ec2-describe-volumes.json"), {
      region: null,
      account: "111122223333",
    });
    expect(resources).toEqual([
      expect.objectContaining({
        kind: "ebs-volume",
        resourceId: "vol-07197f6445e4e8681",
        arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-07197f6445e4e8681",
        region: "us-east-1",
        account: "111122223333",
        state: "available",
        createdAt: "2017-01-10T19:30:09.335Z",
        facts: {
          sizeGiB: 100,
          volumeType: "io1",
          iops: 5000,
          throughput: null,
          attachedInstanceIds: [],
          snapshotId: null,
          createTime: "2017-01-10T19:30:09.335Z",
        },
      }),
    ]);
  });

  it("the Custodian metrics: one CPU average; three VolumeConsumedReadWriteOps maxima, unevenly spaced", () => {
    const cpu = parseCloudwatchStatistics(fixture("custodian-ec2-metric/cloudwatch-get-metric-statistics.json"), {
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensionName: "InstanceId",
      dimensionValue: "i-0cfbce719a3400834",
      period: 259_200,
    });
    expect(cpu).toMatchObject({ period: 259_200, periodSource: "query" });
    expect(cpu.datapoints).toEqual([
      {
        timestamp: "2016-06-21T20:59:00.000Z",
        average: 0.02857142857142857,
        sum: null,
        minimum: null,
        maximum: null,
        sampleCount: null,
        unit: "Percent",
      },
    ]);
    const ops = parseCloudwatchStatistics(
      fixture("custodian-ebs-metrics-percent/cloudwatch-get-metric-statistics.json"),
      {
        namespace: "AWS/EBS",
        metric: "VolumeConsumedReadWriteOps",
        dimensionName: "VolumeId",
        dimensionValue: "vol-07197f6445e4e8681",
        period: null,
      },
    );
    // Gaps of 34 and 106 minutes: not one period's multiples, so the documented default.
    expect(ops).toMatchObject({ period: 86_400, periodSource: "default" });
    expect(ops.datapoints.map((p) => p.maximum)).toEqual([14, 15, 21]);
  });

  it("a stopped instance entered its state when StateTransitionReason says", () => {
    const { resources } = parseEc2Instances(fixture("hand-made/ec2-describe-instances.json"), NONE);
    expect(resources.map((r) => [r.resourceId, r.state, r.stateSince, r.region, r.account])).toEqual([
      ["i-0a3f9c1d2b4e5f607", "running", "2026-11-30T07:12:44.000Z", "eu-west-1", "123456789012"],
      ["i-07e6d5c4b3a291807", "stopped", "2026-09-14T18:22:09.000Z", "eu-west-1", "123456789012"],
    ]);
    expect(resources[1].tags).toEqual({ Name: "ml-experiment", env: "dev", expires: "2026-10-01" });
    expect(stateSinceOf("stopped", "", "2026-01-01T00:00:00.000Z")).toBeNull();
    expect(stateSinceOf("stopped", "User initiated (2026-13-45 99:99:99 GMT)", "2026-01-01T00:00:00.000Z")).toBeNull();
  });

  it("addresses: associated or not, known by allocation id, region from the border group", () => {
    const { resources } = parseEc2Addresses(fixture("hand-made/ec2-describe-addresses.json"), NONE);
    expect(resources.map((r) => [r.resourceId, r.state, r.region, r.name])).toEqual([
      ["eipalloc-0c1b2a3d4e5f60718", "associated", "eu-west-1", "checkout-nat"],
      ["eipalloc-07d6c5b4a39281706", "unassociated", "eu-west-1", "preview-pr-412"],
    ]);
    expect(resources[0].facts).toMatchObject({ instanceId: "i-0a3f9c1d2b4e5f607", publicIp: "203.0.113.25" });
  });

  it("snapshots: start time, volume and size; the region comes from the caller", () => {
    const { resources } = parseEc2Snapshots(fixture("hand-made/ec2-describe-snapshots.json"), {
      region: "eu-west-1",
      account: null,
    });
    expect(resources.map((r) => [r.resourceId, r.account, r.region, r.createdAt])).toEqual([
      ["snap-0a1b2c3d4e5f60718", "123456789012", "eu-west-1", "2026-09-02T03:14:07.512Z"],
      ["snap-09f8e7d6c5b4a3921", "123456789012", "eu-west-1", "2025-11-20T01:00:41.003Z"],
    ]);
    expect(resources[1].facts).toMatchObject({ volumeId: "vol-ffffffff", volumeSizeGiB: 200 });
  });

  it("load balancers: known by ARN, region and account from it, type and scheme", () => {
    const { resources } = parseElbv2LoadBalancers(fixture("hand-made/elbv2-describe-load-balancers.json"), NONE);
    expect(resources.map((r) => [r.name, r.region, r.account, r.state])).toEqual([
      ["checkout-public", "eu-west-1", "123456789012", "active"],
      ["preview-pr-412", "eu-west-1", "123456789012", "active"],
    ]);
    expect(resources[1].facts).toMatchObject({ type: "network", scheme: "internal" });
    expect(resources[0].resourceId).toBe(resources[0].arn);
  });

  it("DB instances: class, engine, status; one still being created has no create time", () => {
    const { resources } = parseRdsDbInstances(fixture("hand-made/rds-describe-db-instances.json"), NONE);
    expect(resources.map((r) => [r.resourceId, r.state, r.createdAt, r.region])).toEqual([
      ["staging-orders", "available", "2024-05-14T08:41:22.916Z", "eu-west-1"],
      ["reporting-replica", "creating", null, "eu-west-1"],
    ]);
    expect(resources[0].facts).toMatchObject({ instanceClass: "db.t3.medium", engine: "postgres", multiAz: false });
    expect(resources[0].tags).toEqual({ env: "staging", team: "orders" });
  });

  it("infers a period from evenly spaced datapoints, holes included, and not from one or uneven ones", () => {
    const at = (minutes: number[]) => minutes.map((m) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString());
    expect(inferPeriod(at([0, 5, 10, 25]))).toBe(300);
    expect(inferPeriod(at([30, 0, 10]))).toBe(600);
    expect(inferPeriod(at([0]))).toBeNull();
    expect(inferPeriod(at([0, 3, 7]))).toBeNull();
  });
});
