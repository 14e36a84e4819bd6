import { randomBytes } from "node:crypto";
import { rng } from "@/lib/demo/demo-random";
import type { Deployment, DeploymentCommit, Incident, PullRequest } from "@/lib/delivery/schemas";

// Random but reproducible deliveries for comparing the stored path with the pure cores: services of
// their own (each with its own repository), in a window of their own far in the past, so tests
// running beside each other on the shared database never see each other's records.

export interface RandomDeliveries {
  window: { from: Date; to: Date };
  services: string[];
  teams: Record<string, string>;
  deployments: Deployment[];
  pullRequests: PullRequest[];
  incidents: Incident[];
}

const DAY = 86_400_000;
const MIN = 60_000;

function commitsFor(random: () => number, repoUrl: string, at: number, pool: DeploymentCommit[], n: number) {
  const fresh: DeploymentCommit[] = Array.from({ length: n }, () => ({
    repoUrl,
    commitSha: randomBytes(20).toString("hex"),
    commitMsg: "change",
    authoredAt: random() < 0.9 ? new Date(at - Math.floor(random() * 9 * DAY) - MIN) : null,
  }));
  // Some of the last deployment's commits ship again (a retry after a failure, staging then production).
  const again = pool.slice(-Math.floor(random() * 3));
  pool.push(...fresh);
  return [...again, ...fresh];
}

function deploymentsOf(random: () => number, service: string, team: string, start: number, days: number) {
  const repoUrl = `https://git.example/${service}`;
  const pool: DeploymentCommit[] = [];
  const deployments: Deployment[] = [];
  for (let k = 0; k < 45; k++) {
    const finished = start + Math.floor(random() * days * DAY);
    const commits = commitsFor(random, repoUrl, finished, pool, Math.floor(random() * 4));
    // DevLake sends a finish per commit; some commits of a deployment finish earlier than others.
    if (random() < 0.2) for (const c of commits) c.finishedAt = new Date(finished - Math.floor(random() * 30) * MIN);
    deployments.push({
      externalId: `${service}-${k}`,
      source: random() < 0.5 ? "devlake" : "github",
      service,
      team,
      environment: random() < 0.8 ? "PRODUCTION" : "STAGING",
      result: random() < 0.85 ? "SUCCESS" : "FAILURE",
      startedAt: new Date(finished - 10 * MIN),
      finishedAt: new Date(finished),
      version: `v${k}`,
      author: null,
      hotfix: random() < 0.1,
      commits: commits.map((c) => ({ ...c })),
    });
  }
  return { deployments, pool };
}

function pullRequestsOf(random: () => number, service: string, commits: DeploymentCommit[]): PullRequest[] {
  const prs: PullRequest[] = [];
  for (let k = 0; k + 2 < commits.length; k += 3) {
    if (random() < 0.4) continue;
    const group = commits.slice(k, k + 2);
    const opened = (group[0].authoredAt?.getTime() ?? Date.UTC(2000, 0, 1)) + Math.floor(random() * DAY);
    prs.push({
      externalId: `github:${service}#${k}`,
      repoUrl: group[0].repoUrl,
      service,
      title: `PR ${k}`,
      firstCommitAt: random() < 0.8 ? group[0].authoredAt : null,
      openedAt: new Date(opened),
      mergedAt: new Date(opened + Math.floor(random() * 2 * DAY)),
      mergeCommitSha: group[1].commitSha,
      commitShas: group.map((c) => c.commitSha),
    });
  }
  return prs;
}

function incidentsOf(random: () => number, service: string, start: number, days: number): Incident[] {
  return Array.from({ length: 15 }, (_, k) => {
    const created = start - 5 * DAY + Math.floor(random() * (days + 10) * DAY);
    const resolved = random() < 0.8 ? new Date(created + Math.floor(random() * 3 * DAY)) : null;
    return {
      externalKey: `${service}-INC-${k}`,
      source: "pagerduty",
      service,
      title: `incident ${k}`,
      status: resolved ? "DONE" : "TODO",
      severity: null,
      url: null,
      createdAt: new Date(created),
      resolvedAt: resolved,
    };
  });
}

export function randomDeliveries(seed: number): RandomDeliveries {
  const random = rng(seed);
  const tag = randomBytes(3).toString("hex");
  const services = [`pay-${tag}`, `ledger-${tag}`, `risk-${tag}`];
  const teams = { [services[0]]: `fast-${tag}`, [services[1]]: `fast-${tag}`, [services[2]]: `slow-${tag}` };
  // A 60-day stretch of the seed's own from 1975 on (no two seeds share days, so a platform-wide
  // figure over one seed's window holds only its deliveries); the window is its middle 30 days.
  const start = Date.UTC(1975, 0, 1) + (seed % 200) * 61 * DAY;
  const out: RandomDeliveries = {
    window: { from: new Date(start + 15 * DAY), to: new Date(start + 45 * DAY) },
    services,
    teams,
    deployments: [],
    pullRequests: [],
    incidents: [],
  };
  for (const service of services) {
    const { deployments, pool } = deploymentsOf(random, service, teams[service], start, 60);
    out.deployments.push(...deployments);
    out.pullRequests.push(...pullRequestsOf(random, service, pool));
    out.incidents.push(...incidentsOf(random, service, start, 60));
  }
  return out;
}
