import type {
  AwsCommand,
  CloudResourceFacts,
  CloudResourceRecord,
  CloudResourceSnapshot,
  CloudwatchSeries,
} from "../cloud-inventory/schemas";
import { addDays, daysBetween } from "../time";
import { demoWindow } from "./demo-cost-lines";
import {
  DEMO_ZOMBIE_RESOURCES,
  type DemoCloudKind,
  type DemoZombieResource,
  daysBefore,
  SANDBOX_ACCOUNT,
  SANDBOX_REGION,
} from "./demo-zombie-resources";

// The sandbox account as the AWS CLI describes it (one snapshot per describe command, the records
// its parsers would give) and its instances' daily CloudWatch statistics over the demo's 30 days.

export const DEMO_COMMANDS: Record<DemoCloudKind, AwsCommand> = {
  "ec2-instance": "ec2-describe-instances",
  "ebs-volume": "ec2-describe-volumes",
  "elastic-ip": "ec2-describe-addresses",
  "ebs-snapshot": "ec2-describe-snapshots",
};

const ARN_TYPE: Record<DemoCloudKind, string> = {
  "ec2-instance": "instance",
  "ebs-volume": "volume",
  "elastic-ip": "elastic-ip",
  "ebs-snapshot": "snapshot",
};

/** StateTransitionReason as describe-instances prints it: "User initiated (2026-10-22 09:14:07 GMT)". */
function userInitiated(iso: string): string {
  return `User initiated (${iso.slice(0, 10)} ${iso.slice(11, 19)} GMT)`;
}

function factsOf(r: DemoZombieResource, today: string): { state: string; since: string | null; facts: object } {
  const created = daysBefore(today, r.createdDaysAgo);
  if (r.instance) {
    const stopped = r.instance.stoppedDaysAgo !== undefined ? daysBefore(today, r.instance.stoppedDaysAgo, 18) : null;
    const facts = {
      instanceType: r.instance.type,
      imageId: "ami-0c7217cdde317cfec",
      launchTime: created,
      stateReason: stopped ? userInitiated(stopped) : "",
      volumeIds: r.instance.volumeIds,
      publicIp: null,
    };
    return { state: r.instance.state, since: stopped ?? created, facts };
  }
  if (r.volume) {
    const { sizeGiB, type, iops, attachedTo } = r.volume;
    const attachedInstanceIds = attachedTo ? [attachedTo] : [];
    const facts = { sizeGiB, volumeType: type, iops, throughput: 125, attachedInstanceIds, snapshotId: null };
    return { state: attachedTo ? "in-use" : "available", since: null, facts: { ...facts, createTime: created } };
  }
  if (r.address) {
    const { publicIp, associatedWith } = r.address;
    const facts = { publicIp, allocationId: r.id, associationId: null, instanceId: associatedWith };
    return {
      state: associatedWith ? "associated" : "unassociated",
      since: null,
      facts: { ...facts, networkInterfaceId: null, domain: "vpc" },
    };
  }
  const { volumeId, sizeGiB, description } = r.snapshot!;
  const facts = { volumeId, volumeSizeGiB: sizeGiB, startTime: created, description, storageTier: "standard" };
  return { state: "completed", since: null, facts };
}

function recordOf(r: DemoZombieResource, today: string): CloudResourceRecord {
  const { state, since, facts } = factsOf(r, today);
  return {
    kind: r.kind,
    resourceId: r.id,
    arn: `arn:aws:ec2:${SANDBOX_REGION}:${SANDBOX_ACCOUNT}:${ARN_TYPE[r.kind]}/${r.id}`,
    account: SANDBOX_ACCOUNT,
    region: SANDBOX_REGION,
    name: r.name,
    state,
    stateSince: since,
    // Addresses print no creation time.
    createdAt: r.kind === "elastic-ip" ? null : daysBefore(today, r.createdDaysAgo),
    tags: { Name: r.name, ...r.tags },
    facts: facts as CloudResourceFacts,
  };
}

/** One describe output per kind, as of `today`. */
export function demoZombieSnapshots(today: string): CloudResourceSnapshot[] {
  return (Object.keys(DEMO_COMMANDS) as DemoCloudKind[]).map((kind) => ({
    kind,
    resources: DEMO_ZOMBIE_RESOURCES.filter((r) => r.kind === kind).map((r) => recordOf(r, today)),
  }));
}

/** A small deterministic wobble in [0.8, 1.2) from a resource and a day. */
function wobble(seed: string): number {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
  return 0.8 + ((hash >>> 0) % 1000) / 2500;
}

const round = (value: number, places: number) => Number(value.toFixed(places));

/** CPUUtilization, NetworkIn and NetworkOut of each running instance, one datapoint a day. */
export function demoZombieMetrics(today: string): CloudwatchSeries[] {
  const { from, to } = demoWindow(today);
  const running = DEMO_ZOMBIE_RESOURCES.filter((r) => r.load && r.instance?.state === "running");
  return running.flatMap((r) => {
    const days = daysBetween(from, to).filter((day) => day >= addDays(today, -r.createdDaysAgo));
    const series = (metric: string, point: (day: string) => CloudwatchSeries["datapoints"][number]) => ({
      namespace: "AWS/EC2",
      metric,
      dimensionName: "InstanceId",
      dimensionValue: r.id,
      period: 86_400,
      periodSource: "query" as const,
      datapoints: days.map(point),
    });
    const cpu = (day: string) => round(r.load!.cpuPercent * wobble(`${r.id}/cpu/${day}`), 4);
    // In and out split the day's bytes about 60/40.
    const bytes = (day: string, share: number) =>
      Math.round(r.load!.networkBytes * share * wobble(`${r.id}/net/${share}/${day}`));
    const sum = (day: string, value: number, unit: string) => ({
      timestamp: `${day}T00:00:00.000Z`,
      average: null,
      sum: value,
      minimum: null,
      maximum: null,
      sampleCount: 288,
      unit,
    });
    return [
      series("CPUUtilization", (day) => ({
        timestamp: `${day}T00:00:00.000Z`,
        average: cpu(day),
        sum: null,
        minimum: null,
        maximum: round(cpu(day) * 3.5, 4),
        sampleCount: 288,
        unit: "Percent",
      })),
      series("NetworkIn", (day) => sum(day, bytes(day, 0.6), "Bytes")),
      series("NetworkOut", (day) => sum(day, bytes(day, 0.4), "Bytes")),
    ];
  });
}
