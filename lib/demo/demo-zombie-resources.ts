import { addDays } from "../time";

// The demo's sandbox AWS account: a few resources nobody uses any more (zombies) beside a few that
// look idle but are not, or that must never be torn down. Ids are fixed, so every reload names the
// same resources; ages count back from the day the demo is loaded.

export const SANDBOX_ACCOUNT = "512345678902";
export const SANDBOX_REGION = "us-east-1";
export const SANDBOX_FILE = "vigil-demo-sandbox-focus.csv";
export const PREVIEW_ENV = "preview-pr-4211";
/** The preview environment served its last request this many days before the load. */
export const PREVIEW_LAST_TRAFFIC_DAYS_AGO = 31;

export type DemoCloudKind = "ec2-instance" | "ebs-volume" | "elastic-ip" | "ebs-snapshot";

/** Daily CloudWatch figures of a running instance: CPU percent and network bytes in + out. */
export interface DemoLoad {
  cpuPercent: number;
  networkBytes: number;
}

export interface DemoZombieResource {
  kind: DemoCloudKind;
  id: string;
  name: string;
  tags: Record<string, string>;
  /** USD a day on the sandbox bill, 0 when the bill does not name it. */
  dailyUsd: number;
  /** What the bill calls it. */
  usage: { serviceName: string; category: string; type: string; unit: string; quantity: number };
  createdDaysAgo: number;
  instance?: { type: string; state: "running" | "stopped"; stoppedDaysAgo?: number; volumeIds: string[] };
  volume?: { sizeGiB: number; type: string; iops: number | null; attachedTo: string | null };
  address?: { publicIp: string; associatedWith: string | null };
  snapshot?: { volumeId: string; sizeGiB: number; description: string };
  /** Running instances report CloudWatch metrics every day. */
  load?: DemoLoad;
  /** Covered by the savings plan: effective cost at the plan's rate. */
  committed?: boolean;
}

const EC2 = { serviceName: "Amazon Elastic Compute Cloud", category: "Compute" };
const EBS = { serviceName: "Amazon Elastic Block Store", category: "Storage" };
const VPC = { serviceName: "Amazon Virtual Private Cloud", category: "Networking" };
const hours = (type: string) => ({ ...EC2, type, unit: "Hours", quantity: 24 });
const gibMonth = (sizeGiB: number) => ({ ...EBS, type: "AWS::EC2::Volume", unit: "GB-Mo", quantity: sizeGiB });
const ipHours = { ...VPC, type: "AWS::EC2::EIP", unit: "Hours", quantity: 24 };

export const PREVIEW_INSTANCE = "i-0a4f2c9e81b37d215";
export const UNATTACHED_VOLUME = "vol-0c71e5a94d2b8f360";
export const STAGING_IP = "eipalloc-0e3b9d17c54a2f806";
export const STOPPED_INSTANCE = "i-07d2b6e4a19c3f582";
export const PROD_IP = "eipalloc-0f5c8a2d7e91b4036";
export const BATCH_INSTANCE = "i-0b9e4d7a2c61f8305";
export const PROTECTED_INSTANCE = "i-0d6a3f8b2e47c9154";
export const RECENT_SNAPSHOT = "snap-04e8b1c7d93a6f250";
export const STAGING_WORKER = "i-0c3e8a5f1d72b9646";
const STOPPED_ROOT = "vol-09a81d3f6c2e7b541";
const STOPPED_DATA = "vol-0e52c7a9b4d1f8036";

/** The zombies: each found by the default thresholds. */
const ZOMBIES: DemoZombieResource[] = [
  {
    kind: "ec2-instance",
    id: PREVIEW_INSTANCE,
    name: `payments-api-${PREVIEW_ENV}`,
    tags: { env: PREVIEW_ENV, service: "payments-api", "created-by": "github-actions" },
    dailyUsd: 1.9968, // t3.large at $0.0832 an hour
    usage: hours("AWS::EC2::Instance"),
    createdDaysAgo: 43,
    instance: { type: "t3.large", state: "running", volumeIds: [] },
    load: { cpuPercent: 0.7, networkBytes: 180_000 },
  },
  {
    kind: "ebs-volume",
    id: UNATTACHED_VOLUME,
    name: "fraud-features-scratch",
    tags: { env: "dev", service: "fraud-scoring" },
    dailyUsd: 1.3151, // 500 GiB gp3 at $0.08 a GiB-month
    usage: gibMonth(500),
    createdDaysAgo: 40,
    volume: { sizeGiB: 500, type: "gp3", iops: 3000, attachedTo: null },
  },
  {
    kind: "elastic-ip",
    id: STAGING_IP,
    name: "notifications-staging-smtp-relay",
    tags: { env: "staging", service: "notifications" },
    dailyUsd: 0.12, // $0.005 an hour
    usage: ipHours,
    createdDaysAgo: 60,
    address: { publicIp: "198.51.100.23", associatedWith: null },
  },
  {
    kind: "ec2-instance",
    id: STOPPED_INSTANCE,
    name: "kyc-ocr-worker-staging",
    tags: { env: "staging", service: "kyc" },
    dailyUsd: 0,
    usage: hours("AWS::EC2::Instance"),
    createdDaysAgo: 120,
    instance: { type: "m5.xlarge", state: "stopped", stoppedDaysAgo: 45, volumeIds: [STOPPED_ROOT, STOPPED_DATA] },
  },
  {
    kind: "elastic-ip",
    id: PROD_IP,
    name: "payments-api-prod-legacy-egress",
    tags: { env: "prod", service: "payments-api" },
    dailyUsd: 0.12,
    usage: ipHours,
    createdDaysAgo: 200,
    address: { publicIp: "203.0.113.77", associatedWith: null },
  },
];

/** Resources that must not be proposed for teardown (one of them sleeps at night instead), and the stopped instance's volumes. */
const KEEPERS: DemoZombieResource[] = [
  {
    kind: "ec2-instance",
    id: BATCH_INSTANCE,
    name: "ledger-statements-batch",
    tags: { env: "prod", service: "ledger", feature: "statements" },
    dailyUsd: 2.304, // m5.large on demand; the savings plan covers it
    usage: hours("AWS::EC2::Instance"),
    createdDaysAgo: 300,
    instance: { type: "m5.large", state: "running", volumeIds: [] },
    // Quiet CPU, but it ships statement files out every day: tens of MB.
    load: { cpuPercent: 3.1, networkBytes: 64_000_000 },
    committed: true,
  },
  {
    kind: "ec2-instance",
    id: PROTECTED_INSTANCE,
    name: "payments-api-prod-failover",
    tags: { env: "prod", service: "payments-api", "vigil-protect": "true" },
    dailyUsd: 9.216, // m5.2xlarge on demand; the savings plan covers it
    usage: hours("AWS::EC2::Instance"),
    createdDaysAgo: 400,
    instance: { type: "m5.2xlarge", state: "running", volumeIds: [] },
    // A warm standby: idle by every metric, and kept on purpose.
    load: { cpuPercent: 1.2, networkBytes: 900_000 },
    committed: true,
  },
  {
    kind: "ec2-instance",
    id: STAGING_WORKER,
    name: "notifications-staging-worker",
    tags: { env: "staging", service: "notifications" },
    dailyUsd: 0.9984, // t3.medium at $0.0416 an hour
    usage: hours("AWS::EC2::Instance"),
    createdDaysAgo: 90,
    instance: { type: "t3.medium", state: "running", volumeIds: [] },
    // Used in working hours (integration tests send mail through it), idle at night: an off-hours
    // proposal, never a zombie.
    load: { cpuPercent: 18, networkBytes: 420_000_000 },
  },
  {
    kind: "ebs-volume",
    id: STOPPED_ROOT,
    name: "kyc-ocr-worker-staging-root",
    tags: { env: "staging", service: "kyc" },
    dailyUsd: 0.2104, // 80 GiB gp3
    usage: gibMonth(80),
    createdDaysAgo: 120,
    volume: { sizeGiB: 80, type: "gp3", iops: 3000, attachedTo: STOPPED_INSTANCE },
  },
  {
    kind: "ebs-volume",
    id: STOPPED_DATA,
    name: "kyc-ocr-worker-staging-models",
    tags: { env: "staging", service: "kyc" },
    dailyUsd: 0.6575, // 250 GiB gp3
    usage: gibMonth(250),
    createdDaysAgo: 120,
    volume: { sizeGiB: 250, type: "gp3", iops: 3000, attachedTo: STOPPED_INSTANCE },
  },
  {
    kind: "ebs-snapshot",
    id: RECENT_SNAPSHOT,
    name: "fraud-features-scratch-before-resize",
    tags: { env: "dev", service: "fraud-scoring" },
    dailyUsd: 0.4167, // 250 GiB of snapshot storage at $0.05 a GiB-month
    usage: { ...EBS, type: "AWS::EC2::Snapshot", unit: "GB-Mo", quantity: 250 },
    createdDaysAgo: 20,
    snapshot: { volumeId: UNATTACHED_VOLUME, sizeGiB: 500, description: "fraud-features-scratch before resize" },
  },
];

export const DEMO_ZOMBIE_RESOURCES: readonly DemoZombieResource[] = [...ZOMBIES, ...KEEPERS];

/** The savings plan: $0.625 an hour committed, about half of it used by the two covered instances. */
export const SAVINGS_PLAN = {
  id: `arn:aws:savingsplans::${SANDBOX_ACCOUNT}:savingsplan/7c1e4b2a-93d5-4f60-8a2e-5b9d0c3f1e84`,
  name: "Compute Savings Plan 1y no upfront",
  dailyCommitment: 15,
  /** The plan's rate against on-demand: 34% off. */
  rate: 0.66,
};

/** A UTC time `days` before `today` at a fixed hour, as AWS prints it (ISO 8601, Z). */
export function daysBefore(today: string, days: number, hour = 9): string {
  return `${addDays(today, -days)}T${String(hour).padStart(2, "0")}:14:07.000Z`;
}
