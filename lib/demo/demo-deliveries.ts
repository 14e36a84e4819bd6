import type { Deployment, Incident, PullRequest } from "../delivery/schemas";
import { DELIVERY_PROFILES, type DeliveryProfile } from "./demo-delivery-profiles";
import { pagesOf, type Page } from "./demo-delivery-pages";
import { deploymentsOf, incidentOf, pullRequestsOf } from "./demo-delivery-records";
import { DAY_MS, MINUTE_MS, type Release, releasesBetween } from "./demo-delivery-releases";
import { storyDeliveries } from "./demo-delivery-story";
import { QUIET, versionsAt } from "./demo-traffic";

// Three months of the demo teams' deliveries: deployments with their commits, pull requests and
// PagerDuty incidents, ending at the deployment and the incident the demo's traces show.

/** A little over three months, so a 90-day window's first changes have their commits before it. */
export const DEMO_DELIVERY_DAYS = 95;

export interface DemoDeliveries {
  deployments: Deployment[];
  pullRequests: PullRequest[];
  incidents: Incident[];
}

/** `2026.11.5` → `2026.11.4` → … → `2026.11.0` → `2026.10.<train - 1>`. */
function previousVersion(version: string, train: number): string {
  const [year, month, patch] = version.split(".").map(Number);
  if (patch > 0) return `${year}.${month}.${patch - 1}`;
  return month > 1 ? `${year}.${month - 1}.${train - 1}` : `${year - 1}.12.${train - 1}`;
}

/** Versions counted back from the one the traces show on the service's spans, newest release first. */
function assignVersions(profile: DeliveryProfile, releases: Release[]): void {
  let version = versionsAt(QUIET)[profile.service];
  const newestFirst = [...releases].sort((a, b) => b.prod.finishedAt - a.prod.finishedAt);
  for (const r of newestFirst) {
    r.version = version;
    version = previousVersion(version, profile.train);
  }
}

function serviceDeliveries(profile: DeliveryProfile, nowMs: number): { releases: Release[]; pages: Page[] } {
  const lastDay = Math.floor(nowMs / DAY_MS);
  const quietFrom = nowMs - profile.quietBeforeNowMin * MINUTE_MS;
  const regular = releasesBetween(profile, lastDay - DEMO_DELIVERY_DAYS, lastDay, quietFrom);
  const { pages, hotfixes } = pagesOf(profile, regular, quietFrom);
  const releases = [...regular, ...hotfixes];
  assignVersions(profile, releases);
  return { releases, pages };
}

/** The demo's deliveries up to `now`; the same for the same `now`, each day's the same on any load. */
export function demoDeliveries(now: Date): DemoDeliveries {
  const nowMs = now.getTime();
  const releases: Release[] = [];
  const pages: Page[] = [];
  for (const profile of DELIVERY_PROFILES) {
    const service = serviceDeliveries(profile, nowMs);
    releases.push(...service.releases);
    pages.push(...service.pages);
  }
  const story = storyDeliveries(nowMs);
  releases.push(...story.releases);
  pages.push(...story.pages);
  const byTime =
    <T>(at: (item: T) => number) =>
    (a: T, b: T) =>
      at(a) - at(b);
  return {
    deployments: releases.flatMap(deploymentsOf).sort(byTime((d) => d.finishedAt.getTime())),
    pullRequests: releases.flatMap(pullRequestsOf).sort(byTime((pr) => pr.mergedAt.getTime())),
    incidents: pages.map(incidentOf).sort(byTime((i) => i.createdAt.getTime())),
  };
}
