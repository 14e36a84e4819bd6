import { z } from "zod";
import { hasLoneSurrogate, integer, text } from "../validation";

/** The AWS CLI commands whose printed JSON Vigil imports, as the API path names them. */
export const AWS_COMMANDS = [
  "ec2-describe-instances",
  "ec2-describe-volumes",
  "ec2-describe-addresses",
  "ec2-describe-snapshots",
  "elbv2-describe-load-balancers",
  "rds-describe-db-instances",
  "cloudwatch-get-metric-statistics",
] as const;
export type AwsCommand = (typeof AWS_COMMANDS)[number];

export const CLOUD_RESOURCE_KINDS = [
  "ec2-instance",
  "ebs-volume",
  "elastic-ip",
  "ebs-snapshot",
  "load-balancer",
  "rds-instance",
] as const;
export const CloudResourceKind = z.enum(CLOUD_RESOURCE_KINDS);
export type CloudResourceKind = z.infer<typeof CloudResourceKind>;

/** The kind each describe command lists: an import of it is a snapshot of that kind. */
export const KIND_OF_COMMAND: Record<Exclude<AwsCommand, "cloudwatch-get-metric-statistics">, CloudResourceKind> = {
  "ec2-describe-instances": "ec2-instance",
  "ec2-describe-volumes": "ebs-volume",
  "ec2-describe-addresses": "elastic-ip",
  "ec2-describe-snapshots": "ebs-snapshot",
  "elbv2-describe-load-balancers": "load-balancer",
  "rds-describe-db-instances": "rds-instance",
};

/** Times are ISO 8601 strings in UTC (`2016-06-24T20:22:50.000Z`). */
export interface InstanceFacts {
  instanceType: string;
  imageId: string | null;
  launchTime: string;
  /** StateTransitionReason as printed, e.g. "User initiated (2016-06-24 20:22:50 GMT)". */
  stateReason: string | null;
  volumeIds: string[];
  publicIp: string | null;
}
export interface VolumeFacts {
  sizeGiB: number;
  volumeType: string;
  iops: number | null;
  throughput: number | null;
  attachedInstanceIds: string[];
  snapshotId: string | null;
  createTime: string | null;
}
export interface ElasticIpFacts {
  publicIp: string | null;
  allocationId: string | null;
  associationId: string | null;
  instanceId: string | null;
  networkInterfaceId: string | null;
  domain: string | null;
}
export interface SnapshotFacts {
  volumeId: string | null;
  volumeSizeGiB: number | null;
  startTime: string;
  description: string | null;
  storageTier: string | null;
}
export interface LoadBalancerFacts {
  type: string;
  scheme: string | null;
  dnsName: string | null;
  createdTime: string | null;
  vpcId: string | null;
}
export interface DbInstanceFacts {
  instanceClass: string;
  engine: string;
  engineVersion: string | null;
  status: string;
  createdTime: string | null;
  allocatedStorageGiB: number | null;
  multiAz: boolean | null;
  dbiResourceId: string | null;
}
export type CloudResourceFacts =
  InstanceFacts | VolumeFacts | ElasticIpFacts | SnapshotFacts | LoadBalancerFacts | DbInstanceFacts;

/** One resource as a parser produces it from a describe output, before it is stored. */
export interface CloudResourceRecord {
  kind: CloudResourceKind;
  /** Instance, volume, snapshot or allocation id (public IP without one), LB ARN, DB identifier. */
  resourceId: string;
  arn: string | null;
  account: string | null;
  region: string | null;
  /** The Name tag; an LB's or a DB's own name. */
  name: string | null;
  state: string | null;
  /** When it entered `state`, when the output says (an instance's StateTransitionReason). */
  stateSince: string | null;
  createdAt: string | null;
  tags: Record<string, string>;
  facts: CloudResourceFacts;
}

/** A parsed describe output: its resources, and the account/region scopes it covers. */
export interface CloudResourceSnapshot {
  kind: CloudResourceKind;
  resources: CloudResourceRecord[];
}

/** One GetMetricStatistics datapoint; statistics the call did not ask for are null. */
export interface CloudwatchDatapoint {
  timestamp: string;
  average: number | null;
  sum: number | null;
  minimum: number | null;
  maximum: number | null;
  sampleCount: number | null;
  unit: string | null;
}

export interface CloudwatchSeries {
  namespace: string;
  metric: string;
  dimensionName: string;
  dimensionValue: string;
  period: number;
  /** How the period was found: the `period` parameter, the datapoints' spacing, or the default. */
  periodSource: "query" | "inferred" | "default";
  datapoints: CloudwatchDatapoint[];
}

const blank = (value: unknown) => (value === "" ? undefined : value);
const noControl = (value: string) => !/[\u0000-\u001f]/.test(value) && !hasLoneSurrogate(value);

/** The longest GetMetricStatistics period Vigil keeps: a month of days. */
export const MAX_PERIOD_SECONDS = 31 * 86_400;

/** The query parameters of POST /api/v1/inventory/aws/{command}. */
export const AwsImportQuery = z.object({
  region: z
    .preprocess(
      blank,
      z
        .string()
        .max(32)
        .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, "must be an AWS region such as us-east-1")
        .optional(),
    )
    .describe("The region the output came from, for outputs that do not print it (snapshots, addresses)"),
  account: z
    .preprocess(
      blank,
      z
        .string()
        .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
        .optional(),
    )
    .describe("The account the output came from, for outputs that do not print it (volumes, addresses)"),
  namespace: z.preprocess(blank, text(255, 1).refine(noControl, "must not contain control characters").optional()),
  metric: z.preprocess(blank, text(255, 1).refine(noControl, "must not contain control characters").optional()),
  dimension: z
    .preprocess(
      blank,
      text(1280, 3)
        .regex(/^[^=]{1,255}=.{1,1024}$/s, "must be Name=Value, such as InstanceId=i-0123456789abcdef0")
        .refine(noControl, "must not contain control characters")
        .optional(),
    )
    .describe("The one dimension the statistics were asked for, as Name=Value"),
  period: z
    .preprocess(blank, integer(1, MAX_PERIOD_SECONDS).optional())
    .describe("The --period in seconds; inferred from the datapoints' spacing when not given, else 86400"),
});
export type AwsImportQuery = z.output<typeof AwsImportQuery>;
