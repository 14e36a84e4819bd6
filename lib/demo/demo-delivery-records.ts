import type { Deployment, DeploymentCommit, Incident, PullRequest } from "../delivery/schemas";
import type { Page } from "./demo-delivery-pages";
import { pageUrl } from "./demo-delivery-pages";
import { type Attempt, type Release, teamOf } from "./demo-delivery-releases";

// The demo's releases and pages as the delivery domain's records, source "demo".

/** What a release ships: each PR's squash-merge commit on main, and the release branch's bump commit. */
function commitsOf(r: Release): DeploymentCommit[] {
  const commits: DeploymentCommit[] = r.changes.map((c) => ({
    repoUrl: r.profile.repoUrl,
    commitSha: c.mergeSha,
    commitMsg: `${c.title} (#${c.number})`,
    authoredAt: new Date(c.mergedAt),
  }));
  if (r.releaseCommit)
    commits.push({
      repoUrl: r.profile.repoUrl,
      commitSha: r.releaseCommit.sha,
      commitMsg: `Release ${r.version}`,
      authoredAt: new Date(r.releaseCommit.authoredAt),
    });
  return commits;
}

function deployment(
  r: Release,
  externalId: string,
  attempt: Attempt,
  environment: Deployment["environment"],
  result: Deployment["result"],
): Deployment {
  return {
    externalId,
    source: "demo",
    service: r.profile.service,
    team: teamOf(r.profile.service),
    environment,
    result,
    startedAt: new Date(attempt.startedAt),
    finishedAt: new Date(attempt.finishedAt),
    version: r.version,
    author: r.author,
    hotfix: r.hotfix,
    commits: commitsOf(r),
  };
}

/** A release's deployments: to staging, a failed first attempt, then the one that shipped. */
export function deploymentsOf(r: Release): Deployment[] {
  const deployments: Deployment[] = [];
  if (r.staging) deployments.push(deployment(r, `${r.id}/staging`, r.staging, "STAGING", "SUCCESS"));
  if (r.failed) deployments.push(deployment(r, `${r.id}/attempt-1`, r.failed, "PRODUCTION", "FAILURE"));
  deployments.push(deployment(r, r.id, r.prod, "PRODUCTION", "SUCCESS"));
  return deployments;
}

export function pullRequestsOf(r: Release): PullRequest[] {
  const repo = r.profile.repoUrl.replace("https://github.com/", "");
  return r.changes.map((c) => ({
    externalId: `github:${repo}#${c.number}`,
    repoUrl: r.profile.repoUrl,
    service: r.profile.service,
    title: c.title,
    firstCommitAt: new Date(c.firstCommitAt),
    openedAt: new Date(c.openedAt),
    mergedAt: new Date(c.mergedAt),
    mergeCommitSha: c.mergeSha,
    commitShas: [...c.branchShas, c.mergeSha],
  }));
}

export function incidentOf(page: Page): Incident {
  return {
    externalKey: page.key,
    source: "demo",
    service: page.service,
    title: page.title,
    status: page.resolvedAt === null ? "IN_PROGRESS" : "DONE",
    severity: page.severity,
    url: pageUrl(page.key),
    createdAt: new Date(page.createdAt),
    resolvedAt: page.resolvedAt === null ? null : new Date(page.resolvedAt),
  };
}
