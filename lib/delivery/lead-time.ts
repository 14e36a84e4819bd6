// Lead time for changes: from a change's start to the first successful production deployment that
// carried it. A change is a merged pull request (DevLake's change lead time, split into coding, review
// and deploy time) or, for a commit no PR carried, the commit itself (Four Keys).
import type { Deployment, PullRequest } from "@/lib/delivery/schemas";
import { type DoraTier, leadTimeTier2021, leadTimeTier2023 } from "@/lib/delivery/dora-tiers";
import {
  type DoraWindow,
  MINUTE_MS,
  assertDate,
  assertWindow,
  commitKey,
  inWindow,
  shippedDeployments,
} from "@/lib/delivery/delivery-window";
import { devlakeMedian } from "@/lib/delivery/stats";

export interface LeadTimeForChanges {
  medianMinutes: number | null;
  /** Changes measured: deployed in the window with a lead time above 0. */
  changes: number;
  pullRequests: number;
  /** First commit → PR opened. */
  codingMedianMinutes: number | null;
  /** PR opened → merged. */
  reviewMedianMinutes: number | null;
  /** PR merged → first successful production deployment. */
  deployMedianMinutes: number | null;
  tier2021: DoraTier | null;
  tier2023: DoraTier | null;
}

/** Each commit's first successful production deployment (a deployment at its latest finish). */
function firstDeploys(deployments: readonly Deployment[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const d of shippedDeployments(deployments)) {
    const t = d.finishedAt.getTime();
    for (const c of d.commits) {
      const key = commitKey(c);
      const seen = first.get(key);
      if (seen === undefined || t < seen) first.set(key, t);
    }
  }
  return first;
}

const minutes = (fromMs: number, toMs: number) => (toMs - fromMs) / MINUTE_MS;

interface Samples {
  totals: number[];
  coding: number[];
  review: number[];
  deploy: number[];
  pullRequests: number;
}

/** Adds the PRs deployed in the window; returns the commit keys PRs carried (deployed or not). */
function addPullRequests(prs: readonly PullRequest[], first: Map<string, number>, window: DoraWindow, s: Samples) {
  const carried = new Set<string>();
  for (const pr of prs) {
    assertDate(pr.openedAt, `pull request ${pr.externalId} openedAt`);
    assertDate(pr.mergedAt, `pull request ${pr.externalId} mergedAt`);
    if (pr.firstCommitAt) assertDate(pr.firstCommitAt, `pull request ${pr.externalId} firstCommitAt`);
    const keys = [pr.mergeCommitSha, ...pr.commitShas].map((commitSha) =>
      commitKey({ repoUrl: pr.repoUrl, commitSha }),
    );
    keys.forEach((k) => carried.add(k));
    let deployed = Infinity;
    for (const k of keys) deployed = Math.min(deployed, first.get(k) ?? Infinity);
    if (deployed === Infinity || !inWindow(new Date(deployed), window)) continue;
    const start = (pr.firstCommitAt ?? pr.openedAt).getTime();
    if (deployed <= start) continue;
    s.totals.push(minutes(start, deployed));
    s.pullRequests += 1;
    if (pr.firstCommitAt && pr.openedAt >= pr.firstCommitAt)
      s.coding.push(minutes(pr.firstCommitAt.getTime(), pr.openedAt.getTime()));
    if (pr.mergedAt >= pr.openedAt) s.review.push(minutes(pr.openedAt.getTime(), pr.mergedAt.getTime()));
    if (deployed >= pr.mergedAt.getTime()) s.deploy.push(minutes(pr.mergedAt.getTime(), deployed));
  }
  return carried;
}

/** Commits no PR carried, each counted once at its first deployment; values <= 0 ignored (Four Keys). */
function addLoneCommits(
  deployments: readonly Deployment[],
  first: Map<string, number>,
  carried: Set<string>,
  window: DoraWindow,
  s: Samples,
) {
  const counted = new Set<string>();
  for (const d of deployments) {
    for (const c of d.commits) {
      const key = commitKey(c);
      if (!c.authoredAt || carried.has(key) || counted.has(key)) continue;
      const deployed = first.get(key);
      if (deployed === undefined || !inWindow(new Date(deployed), window)) continue;
      assertDate(c.authoredAt, `commit ${c.commitSha} authoredAt`);
      counted.add(key);
      const value = minutes(c.authoredAt.getTime(), deployed);
      if (value > 0) s.totals.push(value);
    }
  }
}

export function leadTimeForChanges(
  window: DoraWindow,
  deployments: readonly Deployment[],
  pullRequests: readonly PullRequest[] = [],
): LeadTimeForChanges {
  assertWindow(window);
  const first = firstDeploys(deployments);
  const s: Samples = { totals: [], coding: [], review: [], deploy: [], pullRequests: 0 };
  const carried = addPullRequests(pullRequests, first, window, s);
  addLoneCommits(deployments, first, carried, window, s);
  const medianMinutes = devlakeMedian(s.totals);
  return {
    medianMinutes,
    changes: s.totals.length,
    pullRequests: s.pullRequests,
    codingMedianMinutes: devlakeMedian(s.coding),
    reviewMedianMinutes: devlakeMedian(s.review),
    deployMedianMinutes: devlakeMedian(s.deploy),
    tier2021: leadTimeTier2021(medianMinutes),
    tier2023: leadTimeTier2023(medianMinutes),
  };
}
