import { z } from "zod";
import { RULE_IDS } from "@/lib/zombies/rules/finding";

/**
 * The zombie rules' settings. Every field has a documented default; a stored override names only
 * what it changes and is merged over the defaults by parsing (`parseThresholds({})` is the defaults).
 */

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const text = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), "must not contain control characters")
    .refine((s) => !LONE_SURROGATE.test(s), "must not contain a lone surrogate");

/** Custodian's metrics filter looks back at most 455 days (CloudWatch's retention). */
const days = z.number().int().min(1).max(455);
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const names = (list: string[]) => z.array(text(128)).max(100).default(list);

/** A Custodian `metrics` filter: one statistic over the whole window compared with a value. */
export const metricCondition = z.object({
  metric: text(256),
  statistic: z.enum(["Average", "Maximum", "Sum", "SampleCount"]).default("Average"),
  op: z.enum(["lt", "lte", "gt", "gte"]).default("lt"),
  value: finite,
  days: days.default(14),
  /** Compare value as a percent of this resource fact (Custodian `percent-attr`, e.g. provisionedIops). */
  percentAttr: text(64).optional(),
  /** Custodian `missing-value`: the statistic to assume when the window has no data at all. */
  missingValue: finite.optional(),
});
export type MetricCondition = z.infer<typeof metricCondition>;

/** A resource matching every given field is allowed to exist: never proposed for teardown. */
export const allowRule = z
  .object({
    name: text(128),
    tag: z.object({ key: text(128), value: text(256).optional() }).optional(),
    /** `*` any run of characters, `?` one character. */
    resourceId: text(2048).optional(),
    kind: text(32).optional(),
    environment: text(128).optional(),
    /** Only for these rules; all rules when absent. */
    rules: z.array(z.enum(RULE_IDS)).max(RULE_IDS.length).optional(),
  })
  .refine(
    (r) => r.tag || r.resourceId || r.kind || r.environment,
    "must match on at least one of tag, resourceId, kind, environment",
  );
export type AllowRule = z.infer<typeof allowRule>;

export const thresholdsSchema = z.object({
  idleCompute: z
    .object({
      // AWS Trusted Advisor "Low Utilization Amazon EC2 Instances": daily CPU 10%, network 5 MB, 4 of 14 days.
      cpuPercent: finite.pipe(z.number().min(0).max(100)).default(10),
      // Trusted Advisor's 5 MB of daily network I/O (in + out), read as 5,000,000 bytes.
      networkBytes: finite.pipe(z.number().min(0)).default(5_000_000),
      // Trusted Advisor: idle on at least 4 days…
      minDays: days.default(4),
      // …of the last 14.
      windowDays: days.default(14),
      // Custodian-style alternative (c7n/filters/metrics.py); replaces the Trusted Advisor test when set.
      custodian: metricCondition.optional(),
    })
    .prefault({}),
  // Our choice: two weeks covers a fortnightly batch job; Custodian's metrics filter also defaults to 14 days.
  noTrafficDays: days.default(14),
  // Our choice, as no-traffic: a preview environment untouched for two weeks is forgotten.
  idleEnvironmentDays: days.default(14),
  // The examples (dev, staging, preview) plus the usual names for throwaway environments.
  nonProductionEnvironments: names([
    "dev",
    "development",
    "staging",
    "stage",
    "preview",
    "test",
    "qa",
    "sandbox",
    "demo",
    "uat",
  ]),
  // aws-nuke refuses aliases with "prod"; these are the exact environment names read as production.
  productionEnvironments: names(["prod", "production", "prd", "live"]),
  idleLoadBalancer: z
    .object({
      // Trusted Advisor "Idle Load Balancers": fewer than 100 requests a day…
      requestsPerDay: finite.pipe(z.number().min(0)).default(100),
      // …for the last 7 days.
      days: days.default(7),
    })
    .prefault({}),
  // Trusted Advisor "Amazon RDS Idle DB Instances": no connection in the last 7 days.
  idleDatabaseDays: days.default(7),
  // The issue: stopped for over 30 days (Custodian's state-age filter measures the same).
  stoppedDays: days.default(30),
  // The issue: snapshots older than 90 days that no image uses (Custodian's ebs-snapshot `unused`).
  snapshotDays: z.number().int().min(1).max(36_500).default(90),
  // The expiry tags; cloud-nuke's `cloud-nuke-after` is the same idea.
  expiryTagKeys: names(["ttl", "expires", "expiry"]),
  unusedCommitment: z
    .object({
      // Our choice: AWS's own RI utilisation alerts are commonly set at 80%.
      minUtilisationPercent: finite.pipe(z.number().min(0).max(100)).default(80),
      // The issue: utilisation over the last 7 days.
      days: days.default(7),
    })
    .prefault({}),
  // A grace period before an unattached volume or unassociated IP is flagged (mid-deploy); our choice.
  detachedGraceDays: z.number().int().min(0).max(455).default(1),
  // The protection tag; any value but "false" protects.
  protectTagKey: text(128).default("vigil-protect"),
  allow: z.array(allowRule).max(200).default([]),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;
export type ThresholdOverrides = z.input<typeof thresholdsSchema>;

/** Overrides merged over the defaults; throws a ZodError naming the field and why. */
export function parseThresholds(overrides: unknown = {}): Thresholds {
  return thresholdsSchema.parse(overrides ?? {});
}

export const defaultThresholds: Thresholds = parseThresholds({});
