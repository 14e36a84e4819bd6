/**
 * What the zombie rules look at: plain data the scan loads from inventory, metrics, traces,
 * deployments and the bill. Every rule is a pure function of these, so each can be tested on
 * hand-made evidence and the scan stays the only part that reads the database.
 */

export type ResourceKind =
  | "ec2-instance"
  | "ebs-volume"
  | "elastic-ip"
  | "ebs-snapshot"
  | "load-balancer"
  | "rds-instance"
  /** Any other Terraform-managed resource (only the generic rules apply to it). */
  | "terraform"
  /** A service Vigil knows from its traces; its resources are the ones billed under it. */
  | "service"
  /** A commitment discount (reservation, savings plan): resourceId is its CommitmentDiscountId. */
  | "commitment"
  /** Known only from the bill, in no state and no inventory (only the generic rules apply). */
  | "billed";

/** Facts from the cloud inventory; absent means unknown, and a rule never reads unknown as zero. */
export interface ResourceFacts {
  /** EBS: how many instances the volume is attached to (DescribeVolumes Attachments). */
  attachments?: number;
  /** Elastic IP: associated with an instance or network interface (AssociationId or InstanceId present). */
  associated?: boolean;
  /** EBS snapshot: the images (AMIs, launch templates) that use it; [] means used by none. */
  imageIds?: string[];
  /** Load balancer: registered targets (healthy or not) over all its target groups. */
  targetCount?: number;
  /** EBS volume: provisioned IOPS (DescribeVolumes Iops), the base of a percent-of-attribute threshold. */
  provisionedIops?: number;
  /** Any other numeric attribute a Custodian-style percent threshold may name. */
  [attribute: string]: number | boolean | string[] | undefined;
}

export interface Resource {
  /** Vigil's own stable key for the resource (the scan's choice: ARN, address or provider:id). */
  key: string;
  provider: string;
  kind: ResourceKind;
  /** The provider's id: i-…, vol-…, eipalloc-… (or the public IP), snap-…, an LB ARN, a DB identifier. */
  resourceId: string;
  arn?: string;
  /** Terraform address when managed (module.x.aws_instance.y[0]); absent means unmanaged. */
  address?: string;
  region?: string;
  name?: string;
  service?: string;
  team?: string;
  environment?: string;
  tags: Record<string, string>;
  /** Lifecycle state as the provider says it: running, stopped, available, in-use… */
  state?: string;
  /** ISO time the resource entered `state` (Custodian's state-age); absent means unknown. */
  stateSince?: string;
  /** ISO creation or launch time. */
  createdAt?: string;
  facts: ResourceFacts;
}

/** One UTC day of one metric: the day's aggregates over its points. */
export interface DailyStat {
  avg: number;
  max: number;
  sum: number;
  count: number;
}

/**
 * metric name → UTC day (YYYY-MM-DD) → that day's aggregates. A day absent from a series had no
 * data (a stopped instance, a collector outage): it is missing, never zero. A metric name present
 * with no days means the metric is collected for the resource but sent nothing in that period,
 * which is how CloudWatch reports an idle load balancer's RequestCount.
 */
export type MetricSeries = Record<string, Record<string, DailyStat>>;

/**
 * Counts per UTC day (entry requests, deployments). Days on or after `since` that are absent are
 * zero, since Vigil was receiving the source then; days before `since` are unknown. `since` is
 * null when Vigil never received anything for it.
 */
export interface DailyActivity {
  since: string | null;
  byDay: Record<string, number>;
}

/** UTC day → currency → effective cost (FOCUS EffectiveCost, exact decimal string). */
export type DailyCost = Record<string, Record<string, string>>;

export interface AttachedVolume {
  volumeId: string;
  /** Empty when the bill names no cost for the volume (yet). */
  costs: DailyCost;
}

/** One day of one commitment in one currency: FOCUS CommitmentDiscountStatus Used/Unused effective cost. */
export interface CommitmentDay {
  used: string;
  unused: string;
}

/** UTC day → currency → the commitment's used and unused effective cost that day. */
export type CommitmentUsage = Record<string, Record<string, CommitmentDay>>;

export interface Evidence {
  resource: Resource;
  metrics: MetricSeries;
  /** Entry requests per day of the resource's service (traces), for no-traffic. */
  serviceRequests?: DailyActivity;
  /** Entry requests per day of the resource's environment, for idle-environment. */
  environmentRequests?: DailyActivity;
  /** Deployments per day to the resource's environment (delivery), for idle-environment. */
  environmentDeployments?: DailyActivity;
  /** The resource's effective cost per day (for a commitment: its Used + Unused lines). */
  costs: DailyCost;
  /** An instance's attached volumes and their cost per day: what it pays for even while stopped. */
  volumes?: AttachedVolume[];
  /** Only for kind "commitment". */
  commitment?: CommitmentUsage;
}
