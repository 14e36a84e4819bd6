import { hex, type Random, rng } from "@/lib/demo/demo-random";

// The benchmark's year of deliveries for one service, as COPY text lines of the base tables:
// releases of ~10 fresh commits, some tried on staging first, some failing in production and
// retried (so their commits ship twice), ~40% of releases merged as pull requests, 50 incidents.

export const SERVICES = 200;
export const TEAMS = 25;
export const DEPLOYMENTS_PER_SERVICE = 500;
const INCIDENTS_PER_SERVICE = 50;
const DAY = 86_400_000;
const MIN = 60_000;

export const serviceName = (s: number) => `svc-${String(s).padStart(3, "0")}`;
export const teamName = (s: number) => `team-${String(s % TEAMS).padStart(2, "0")}`;
export const repoOf = (s: number) => `https://git.example/acme/${serviceName(s)}`;

export interface ServiceLines {
  deployments: string[];
  commits: string[];
  pullRequests: string[];
  incidents: string[];
}

/** Ids handed out across services, so COPY can write them (identity columns take COPY's values). */
export interface IdCounters {
  deployment: number;
  pullRequest: number;
  incident: number;
}

interface Commit {
  sha: string;
  authoredAt: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : "\\N");
const row = (values: (string | number | boolean | Date | null)[]) =>
  values.map((v) => (v === null ? "\\N" : v instanceof Date ? iso(v) : String(v))).join("\t") + "\n";

/** The deployments of one release: [environment, result] in order. */
function releasePlan(random: Random): [string, string][] {
  const plan: [string, string][] = [];
  if (random() < 0.3) plan.push(["STAGING", "SUCCESS"]);
  if (random() < 0.1) plan.push(["PRODUCTION", "FAILURE"]);
  plan.push(["PRODUCTION", "SUCCESS"]);
  return plan;
}

function pullRequestLines(random: Random, s: number, ids: IdCounters, commits: Commit[], at: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < commits.length; k += 3 + Math.floor(random() * 3)) {
    const group = commits.slice(k, k + 5);
    const merged = at - MIN * (10 + Math.floor(random() * 360));
    const opened = merged - MIN * (60 + Math.floor(random() * 4_000));
    const firstCommit = random() < 0.8 ? new Date(opened - Math.floor(random() * 2 * DAY)) : null;
    const shas = group.map((c) => c.sha).sort();
    const id = ++ids.pullRequest;
    lines.push(
      row([
        id,
        `github:acme/${serviceName(s)}#${id}`,
        repoOf(s),
        serviceName(s),
        `change ${id}`,
        firstCommit,
        new Date(opened),
        new Date(merged),
        group[group.length - 1].sha,
        `{${shas.join(",")}}`,
        `bench-pr-${id}`,
      ]),
    );
  }
  return lines;
}

function deploymentLines(random: Random, s: number, ids: IdCounters, yearStart: number, out: ServiceLines) {
  const slots = Array.from({ length: DEPLOYMENTS_PER_SERVICE }, () => yearStart + random() * 365 * DAY).sort(
    (a, b) => a - b,
  );
  let next = 0;
  for (let release = 0; next < slots.length; release++) {
    const fresh: Commit[] = Array.from({ length: 6 + Math.floor(random() * 9) }, () => ({
      sha: hex(random, 40),
      authoredAt: random() < 0.95 ? new Date(slots[next] - MIN * (60 + Math.floor(random() * 10_000))) : null,
    }));
    if (random() < 0.4) out.pullRequests.push(...pullRequestLines(random, s, ids, fresh, slots[next]));
    for (const [environment, result] of releasePlan(random)) {
      if (next >= slots.length) break;
      const finished = Math.floor(slots[next++]);
      const id = ++ids.deployment;
      const source = random() < 0.6 ? "devlake" : "github";
      const perCommit = source === "devlake" && random() < 0.3;
      out.deployments.push(
        row([id, source, `${source}-${id}`, serviceName(s), teamName(s), environment, result,
          new Date(finished - MIN * (2 + Math.floor(random() * 18))), new Date(finished), `v${release}`,
          `dev-${Math.floor(random() * 50)}`, random() < 0.05, fresh.length, `bench-${id}`]), // prettier-ignore
      );
      for (const c of fresh) {
        const at = perCommit ? finished - MIN * Math.floor(random() * 5) : finished;
        out.commits.push(row([id, repoOf(s), c.sha, "change", c.authoredAt, new Date(at)]));
      }
    }
  }
}

function incidentLines(random: Random, s: number, ids: IdCounters, yearStart: number, firstDeployment: number) {
  return Array.from({ length: INCIDENTS_PER_SERVICE }, () => {
    const id = ++ids.incident;
    const created = yearStart + Math.floor(random() * 365 * DAY);
    const resolvedAt = created + MIN * Math.floor(5 + random() * 2_880);
    const resolved = random() < 0.9 && resolvedAt < yearStart + 365 * DAY ? new Date(resolvedAt) : null;
    // A few were linked by a person to one of the service's deployments.
    const manual = random() < 0.01 ? firstDeployment + Math.floor(random() * DEPLOYMENTS_PER_SERVICE) : null;
    return row([id, "pagerduty", `PD-${id}`, serviceName(s), teamName(s), `incident ${id}`,
      resolved ? "DONE" : random() < 0.5 ? "TODO" : "IN_PROGRESS", `P${1 + Math.floor(random() * 4)}`,
      `https://pagerduty.example/incidents/PD-${id}`, new Date(created), resolved, manual,
      manual ? "sre@example.com" : null, manual ? new Date(created + MIN) : null, `bench-inc-${id}`]); // prettier-ignore
  });
}

/** One service's year, reproducible from its index. */
export function serviceLines(s: number, ids: IdCounters, yearStart: number): ServiceLines {
  const random = rng(1_000 + s);
  const out: ServiceLines = { deployments: [], commits: [], pullRequests: [], incidents: [] };
  const firstDeployment = ids.deployment + 1;
  deploymentLines(random, s, ids, yearStart, out);
  out.incidents = incidentLines(random, s, ids, yearStart, firstDeployment);
  return out;
}

export const COPY_COLUMNS = {
  delivery_deployment: `id, source, external_id, service, team, environment, result, started_at, finished_at,
    version, author, hotfix, commit_count, content_hash`,
  delivery_deployment_commit: "deployment_id, repo_url, commit_sha, commit_msg, authored_at, finished_at",
  delivery_pull_request: `id, external_id, repo_url, service, title, first_commit_at, opened_at, merged_at,
    merge_commit_sha, commit_shas, content_hash`,
  delivery_incident: `id, source, external_key, service, team, title, status, severity, url, created_at,
    resolved_at, manual_deployment_id, manual_link_by, manual_link_at, content_hash`,
} as const;
