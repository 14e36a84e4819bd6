// DevLake's own e2e case (fixtures/devlake-connect-incident-to-deployment, Apache-2.0, see NOTICE.md):
// its rows mapped to our records, projects as services, must give exactly its expected links.
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { linkIncidents } from "@/lib/delivery/link-incidents";
import type { Deployment, Environment, Incident } from "@/lib/delivery/schemas";

const DIR = path.join(import.meta.dirname, "fixtures/devlake-connect-incident-to-deployment");

function rows(file: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path.join(DIR, file), "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const project = new Map(rows("project_mapping.csv").map((r) => [`${r.table}:${r.row_id}`, r.project_name]));

/** DevLake writes incident times without a zone; its database runs in UTC. */
const utc = (s: string) => new Date(`${s.replace(" ", "T")}Z`);

function deployments(): Deployment[] {
  return rows("cicd_deployment_commits_after.csv").map((r) => ({
    externalId: r.cicd_deployment_id,
    source: "devlake",
    service: project.get(`cicd_scopes:${r.cicd_scope_id}`) ?? "",
    team: null,
    // An empty environment is not production to DevLake; our records have no empty value.
    environment: (r.environment || "DEVELOPMENT") as Environment,
    result: r.result as Deployment["result"],
    startedAt: new Date(r.started_date),
    finishedAt: new Date(r.finished_date),
    version: null,
    author: null,
    hotfix: false,
    commits: [{ repoUrl: r.repo_url, commitSha: r.commit_sha, commitMsg: null, authoredAt: null }],
  }));
}

function incidents(): Incident[] {
  return rows("incidents.csv").flatMap((r) => {
    const service = project.get(`${r.table}:${r.scope_id}`);
    // repo3 is in no project: DevLake never considers it.
    if (!service) return [];
    return [
      {
        externalKey: r.id,
        source: "devlake",
        service,
        title: r.id,
        status: "DONE",
        severity: null,
        url: null,
        createdAt: utc(r.created_date),
        resolvedAt: utc(r.updated_date),
      },
    ];
  });
}

describe("DevLake connect_incident_to_deployment", () => {
  it("gives exactly the expected project_incident_deployment_relationships", () => {
    const all = incidents();
    const links = linkIncidents(all, deployments());
    const got = links.map((l, i) => ({
      id: all[i].externalKey,
      project_name: all[i].service,
      deployment_id: l.deploymentKey?.replace(/^devlake:/, ""),
    }));
    expect(links.every((l) => l.deploymentKey !== null)).toBe(true);
    expect(got.sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows("project_incident_deployment_relationships.csv"));
  });

  it("excludes the repo3 incident, which is in no project", () => {
    expect(rows("incidents.csv")).toHaveLength(7);
    expect(incidents().map((i) => i.externalKey)).not.toContain("github:GithubIssue:1:1373792477");
  });
});
