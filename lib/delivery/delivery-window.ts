// Shared ground for the DORA figures: the [from, to) window, record keys, date checks, and the
// successful production deployments every metric counts (one per deployment, at its latest finish).
import type { Deployment, DeploymentCommit, Incident } from "@/lib/delivery/schemas";

export interface DoraWindow {
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** An invalid Date here is a bug upstream (collectors validate, Postgres cannot store one): fail loudly. */
export function assertDate(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${field}: not a valid date`);
  }
}

export function assertWindow(window: DoraWindow): void {
  assertDate(window.from, "from");
  assertDate(window.to, "to");
  if (window.to.getTime() <= window.from.getTime()) throw new RangeError("to: must be after from");
}

export function inWindow(at: Date, window: DoraWindow): boolean {
  const t = at.getTime();
  return t >= window.from.getTime() && t < window.to.getTime();
}

export function windowDays(window: DoraWindow): number {
  return (window.to.getTime() - window.from.getTime()) / DAY_MS;
}

export function deploymentKey(d: Pick<Deployment, "source" | "externalId">): string {
  return `${d.source}:${d.externalId}`;
}

export function incidentKey(i: Pick<Incident, "source" | "externalKey">): string {
  return `${i.source}:${i.externalKey}`;
}

export function commitKey(c: Pick<DeploymentCommit, "repoUrl" | "commitSha">): string {
  return `${c.repoUrl}@${c.commitSha}`;
}

/** A successful production deployment, its rows (re-sends, one row per commit) merged. */
export interface ShippedDeployment {
  key: string;
  service: string;
  finishedAt: Date;
  hotfix: boolean;
  commits: DeploymentCommit[];
}

export function isShipped(d: Deployment): boolean {
  return d.result === "SUCCESS" && d.environment === "PRODUCTION";
}

/**
 * Successful PRODUCTION deployments only (failed and other environments dropped first, as DevLake
 * filters its rows), one per (source, externalId) at its latest finish, commits merged.
 */
export function shippedDeployments(deployments: readonly Deployment[]): ShippedDeployment[] {
  const byKey = new Map<string, ShippedDeployment>();
  for (const d of deployments) {
    if (!isShipped(d)) continue;
    assertDate(d.finishedAt, `deployment ${d.externalId} finishedAt`);
    const key = deploymentKey(d);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { key, service: d.service, finishedAt: d.finishedAt, hotfix: d.hotfix, commits: [...d.commits] });
      continue;
    }
    if (d.finishedAt.getTime() > seen.finishedAt.getTime()) seen.finishedAt = d.finishedAt;
    seen.hotfix ||= d.hotfix;
    seen.commits.push(...d.commits);
  }
  return [...byKey.values()];
}
