import { expect } from "vitest";
import { ExplanationProposal } from "@/lib/agent/schemas";
import type { AnomalyFacts } from "@/lib/explain/anomaly-claims";
import { type ExplanationClaim, explanation } from "@/lib/explain/claims";
import type { DriftFacts } from "@/lib/explain/drift-claims";
import type { PolicyFindingFacts } from "@/lib/explain/policy-finding-claims";
import type { SloAlertFacts } from "@/lib/explain/slo-alert-claims";
import type { ZombieFacts } from "@/lib/explain/zombie-claims";

// Hand-made records of each subject kind for the explanation templates' tests, and the shape
// every explanation must have: 2 to 6 claims, each cited, parsing as the validator's schema.

export const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
export const OTHER = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

export function wellFormed(subject: string, claims: ExplanationClaim[]) {
  expect(claims.length).toBeGreaterThanOrEqual(2);
  expect(claims.length).toBeLessThanOrEqual(6);
  expect(ExplanationProposal.safeParse(explanation(subject, claims)).success).toBe(true);
  expect(claims[0].citations[0]).toBe(subject);
  for (const c of claims) expect(c.citations.length).toBeGreaterThan(0);
}

export const anomaly = (over: Partial<AnomalyFacts> = {}): AnomalyFacts => ({
  id: ID,
  service: "checkout",
  series: "errors",
  scope: "POST /pay",
  environment: "prod",
  start: "2026-12-07T10:00:00Z",
  peak: "2026-12-07T10:15:00Z",
  end: null,
  direction: "up",
  severity: "critical",
  score: 9.04,
  observed: 0.2,
  expected: 0.01,
  status: "investigating",
  assignee: "ana@example.com",
  changes: [
    { kind: "cost", rank: 3, summary: "AmazonEC2 i-9 grew from 1.00 to 4.00 a day", score: 0.3, resourceId: "i-9" },
    { kind: "deployment", rank: 1, summary: "checkout v2.4 deployed 12 min before", score: 0.9, deploymentId: "d1" },
    { kind: "drift", rank: 2, summary: "aws_lb.web drifted", score: 0.5, driftId: OTHER },
    { kind: "attribute", rank: 4, summary: "region=eu-west-1 in 80% of failures", score: 0.2 },
  ],
  similar: [{ id: OTHER, start: "2026-11-30T09:00:00Z" }],
  ...over,
});

export const sloAlert = (over: Partial<SloAlertFacts> = {}): SloAlertFacts => ({
  alert: {
    id: "17",
    severity: "page",
    firedAt: "2026-12-07T10:05:00Z",
    resolvedAt: null,
    burns: { "5m": 20.5, "1h": 15.2, "30m": 3 },
    windows: [
      { short: "30m", long: "6h", factor: 6 },
      { short: "5m", long: "1h", factor: 14.4 },
    ],
  },
  slo: {
    name: "checkout-availability",
    service: "checkout",
    objective: 0.995,
    window: "30d",
    errorBudgetRemaining: 0.42,
    timeToExhaustion: { exhaustedAt: "2026-12-08T02:00:00Z" },
  },
  anomalies: [{ id: ID, series: "errors", direction: "up", start: "2026-12-07T10:00:00Z", severity: "critical" }],
  ...over,
});

export const drift = (over: Partial<DriftFacts> = {}): DriftFacts => ({
  id: ID,
  workspace: "prod",
  address: "aws_instance.web",
  kind: "changed",
  cloudId: "i-0abc",
  changes: [
    { path: "instance_type", before: "t3.small", after: "t3.xlarge" },
    { path: "tags.owner", before: "ana", after: null },
    { path: "monitoring", before: false, after: true },
    { path: "ebs_optimized", before: false, after: true },
  ],
  cause: "manual-change",
  costImpact: {
    resourceId: "i-0abc",
    sizeChanges: [{ path: "instance_type", before: "t3.small", after: "t3.xlarge" }],
    daily: [{ currency: "USD", before: "0.5", after: "4" }],
  },
  policyImpact: [{ ruleId: "ec2-imdsv2", severity: "high", title: "Instances require IMDSv2" }],
  status: "open",
  firstSeen: "2026-12-06T08:00:00Z",
  lastSeen: "2026-12-07T08:00:00Z",
  resolvedAt: null,
  pendingChange: null,
  traceImpact: { changed: [{ service: "checkout", findings: ["p95 120 ms → 480 ms"] }] },
  ...over,
});

export const zombie = (over: Partial<ZombieFacts> = {}): ZombieFacts => ({
  id: ID,
  rule: "unattached-volume",
  kind: "ebs-volume",
  resourceId: "vol-0abc",
  arn: "arn:aws:ec2:eu-west-1:1:volume/vol-0abc",
  address: "aws_ebs_volume.old",
  name: "old-data",
  summary: "Unattached for 45 days",
  evidence: {
    items: [
      { name: "attachments", value: 0, op: "eq", threshold: 0 },
      { name: "days unattached", value: 45, unit: "days", op: "gte", threshold: 30 },
      { name: "size", value: 500, unit: "GiB" },
      { name: "iops", value: 3000 },
    ],
  },
  monthlySavings: "41.5",
  currency: "USD",
  owner: "ana@example.com",
  team: "data",
  service: null,
  environment: "staging",
  status: "new",
  confidence: "high",
  protected: false,
  protectedReason: null,
  secondApproval: true,
  ...over,
});

export const finding = (over: Partial<PolicyFindingFacts> = {}): PolicyFindingFacts => ({
  id: ID,
  tool: "vigil",
  ruleId: "s3-block-public",
  title: "S3 buckets block public access",
  severity: "high",
  address: "aws_s3_bucket.logs",
  resourceType: "aws_s3_bucket",
  environment: "prod",
  file: "modules/logs/main.tf",
  lineStart: 12,
  message: "block_public_acls is false",
  remediation: "Set block_public_acls = true",
  controls: ["CIS-2.1.5", "SOC2-CC6.1"],
  status: "open",
  firstSeen: "2026-12-01T00:00:00Z",
  resolvedAt: null,
  waiver: null,
  ...over,
});
