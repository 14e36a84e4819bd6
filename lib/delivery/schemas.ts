// The delivery domain's records: deployments (with the commits they carry), pull requests and
// incidents, as every collector (DevLake and GitHub webhooks, PagerDuty, telemetry) hands them to
// lib/delivery, and as the DORA metrics read them. Names follow DevLake's webhook plugin where it
// has one (environment and result values, issueKey), so its rules and samples apply unchanged.

export const ENVIRONMENTS = ["PRODUCTION", "STAGING", "TESTING", "DEVELOPMENT"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const DEPLOYMENT_RESULTS = ["SUCCESS", "FAILURE"] as const;
export type DeploymentResult = (typeof DEPLOYMENT_RESULTS)[number];

export const INCIDENT_STATUSES = ["TODO", "IN_PROGRESS", "DONE"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Where a record came from; a webhook's deployment takes precedence over one detected from telemetry. */
export type DeliverySource = "devlake" | "github" | "gitlab" | "pagerduty" | "telemetry" | "demo" | "anomalies";

/** A commit a deployment shipped. */
export interface DeploymentCommit {
  repoUrl: string;
  commitSha: string;
  commitMsg: string | null;
  /** When the commit was authored, if the sender said. */
  authoredAt: Date | null;
  /**
   * When this commit's part of the deployment finished, if the sender gave one per commit (DevLake's
   * webhook does); the deployment's finishedAt otherwise. The incident link compares these rows.
   */
  finishedAt?: Date | null;
}

export interface Deployment {
  /** The sender's id (DevLake `id`, GitHub deployment id, telemetry `service@version`); unique per source. */
  externalId: string;
  source: DeliverySource;
  service: string;
  team: string | null;
  environment: Environment;
  result: DeploymentResult;
  startedAt: Date;
  finishedAt: Date;
  /** service.version or the release name, when known. */
  version: string | null;
  /** Who triggered it, when known. */
  author: string | null;
  /** Marked as a fix (hotfix label or the sender said so): counts as rework. */
  hotfix: boolean;
  commits: DeploymentCommit[];
}

/** A merged pull request: DevLake's change lead time splits coding, review and deploy time with it. */
export interface PullRequest {
  /** e.g. "github:acme/payments#42". */
  externalId: string;
  repoUrl: string;
  service: string | null;
  title: string;
  firstCommitAt: Date | null;
  openedAt: Date;
  mergedAt: Date;
  mergeCommitSha: string;
  /** Every commit sha the PR carried (the merge commit included when known). */
  commitShas: string[];
}

export interface Incident {
  /** The sender's key (DevLake issueKey, PagerDuty incident id, GitHub issue url); unique per source. */
  externalKey: string;
  source: DeliverySource;
  service: string;
  title: string;
  status: IncidentStatus;
  severity: string | null;
  url: string | null;
  createdAt: Date;
  /** When it was resolved; null while open. */
  resolvedAt: Date | null;
}

/** Why an incident is linked to a deployment (shown next to the link). */
export type LinkReason =
  | { kind: "last-successful-production-deployment"; deploymentFinishedAt: Date }
  | { kind: "set-by-person"; by: string }
  | { kind: "no-prior-deployment" };
