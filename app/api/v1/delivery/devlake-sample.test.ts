import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deployments from "@/app/api/v1/delivery/deployments/route";
import * as incidents from "@/app/api/v1/delivery/incidents/route";
import { closeDb } from "@/lib/db";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { roleCtx, uniqueName } from "@/test/factories";
import { postTo } from "@/test/delivery-webhooks";
import { bearerKey } from "@/test/http-callers";

// DevLake's own incident-to-deployment case (lib/delivery/fixtures, Apache-2.0) sent through the
// webhooks as a DevLake user would send it: one deployment per pipeline carrying its commit rows
// (each with its own finish), projects as services. The stored links must be exactly DevLake's.

const DIR = path.resolve(
  import.meta.dirname,
  "../../../../lib/delivery/fixtures/devlake-connect-incident-to-deployment",
);
const rows = (file: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path.join(DIR, file), "utf8"), { header: true, skipEmptyLines: true })
    .data;

const RUN = uniqueName("devlake");
const project = new Map(rows("project_mapping.csv").map((r) => [`${r.table}:${r.row_id}`, `${RUN}-${r.project_name}`]));
/** DevLake writes incident times without a zone; its database runs in UTC. */
const utc = (s: string) => `${s.replace(" ", "T")}Z`;

/** One DevLake webhook deployment body per pipeline; it succeeded when any of its rows did. */
function deploymentBodies() {
  const byPipeline = new Map<string, Record<string, string>[]>();
  for (const r of rows("cicd_deployment_commits_after.csv"))
    byPipeline.set(r.cicd_deployment_id, [...(byPipeline.get(r.cicd_deployment_id) ?? []), r]);
  return [...byPipeline].map(([pipeline, commits]) => ({
    id: `${RUN}-${pipeline}`,
    service: project.get(`cicd_scopes:${commits[0].cicd_scope_id}`),
    // An empty environment is not production to DevLake; DEVELOPMENT is the nearest we take.
    environment: commits[0].environment || "DEVELOPMENT",
    result: commits.some((c) => c.result === "SUCCESS") ? "SUCCESS" : "FAILURE",
    startedDate: commits.map((c) => c.started_date).sort()[0],
    finishedDate: commits
      .map((c) => c.finished_date)
      .sort()
      .at(-1),
    deploymentCommits: commits.map((c) => ({
      repoUrl: c.repo_url,
      commitSha: c.commit_sha,
      startedDate: c.started_date,
      finishedDate: c.finished_date,
    })),
  }));
}

/** DevLake's incidents; repo3's is in no project, so it is sent under a service with no deployments. */
const incidentBodies = () =>
  rows("incidents.csv").map((r) => ({
    issueKey: `${RUN}/${r.id}`,
    title: r.id,
    status: "DONE",
    createdDate: utc(r.created_date),
    resolutionDate: utc(r.updated_date),
    service: project.get(`${r.table}:${r.scope_id}`) ?? `${RUN}-${r.scope_id}`,
  }));

describe("DevLake's connect_incident_to_deployment case through the webhooks (PostgreSQL)", () => {
  beforeAll(async () => {
    const key = await bearerKey(["ingest:delivery"]);
    for (const body of deploymentBodies())
      expect(
        (await postTo(deployments.POST, "/api/v1/delivery/deployments", body, { authorization: key })).status,
      ).toBe(201);
    for (const body of incidentBodies())
      expect((await postTo(incidents.POST, "/api/v1/delivery/incidents", body, { authorization: key })).status).toBe(
        201,
      );
  });
  afterAll(closeDb);

  it("links exactly as project_incident_deployment_relationships says", async () => {
    const got = [];
    for (const service of [`${RUN}-project1`, `${RUN}-project2`]) {
      const { items } = await listIncidents(roleCtx("viewer"), { service, limit: 200 });
      for (const item of items)
        got.push({
          id: item.externalKey.slice(RUN.length + 1),
          project_name: item.service.slice(RUN.length + 1),
          deployment_id: item.linkedDeployment?.key.replace(`devlake:${RUN}-`, ""),
        });
    }
    got.sort((a, b) => a.id.localeCompare(b.id));
    expect(got).toEqual(rows("project_incident_deployment_relationships.csv"));
  });

  it("leaves the repo3 incident, in no project, unlinked", async () => {
    const { items } = await listIncidents(roleCtx("viewer"), { service: `${RUN}-repo3`, limit: 200 });
    expect(items.map((i) => [i.title, i.linkedDeploymentId, i.linkReason.kind])).toEqual([
      ["github:GithubIssue:1:1373792477", null, "no-prior-deployment"],
    ]);
  });

  it("says why each link was made: the last successful production deployment before it", async () => {
    const { items } = await listIncidents(roleCtx("viewer"), { service: `${RUN}-project1`, limit: 200 });
    const board = items.find((i) => i.title === "github:GithubIssue:1:1373792478");
    expect(board?.linkReason).toEqual({
      kind: "last-successful-production-deployment",
      deploymentFinishedAt: new Date("2022-09-14T06:51:47Z"),
    });
  });
});
