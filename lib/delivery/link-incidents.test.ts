import { describe, expect, it } from "vitest";
import { linkIncidents } from "@/lib/delivery/link-incidents";
import { at, deployment, incident } from "@/lib/delivery/fixtures/records";

const d1 = deployment({ externalId: "d1", finishedAt: at("2026-03-01T10:00:00Z") });
const d2 = deployment({ externalId: "d2", finishedAt: at("2026-03-02T10:00:00Z") });

function link(createdAt: string, deployments = [d1, d2], service = "ledger") {
  return linkIncidents([incident({ externalKey: "i", createdAt: at(createdAt), service })], deployments)[0];
}

describe("linkIncidents", () => {
  it("links to the last successful production deployment that finished before the incident", () => {
    expect(link("2026-03-02T12:00:00Z")).toEqual({
      incidentKey: "devlake:i",
      deploymentKey: "devlake:d2",
      reason: { kind: "last-successful-production-deployment", deploymentFinishedAt: d2.finishedAt },
    });
    expect(link("2026-03-01T11:00:00Z").deploymentKey).toBe("devlake:d1");
  });

  it("needs a finish strictly before creation: a deploy finishing at the same millisecond does not count", () => {
    expect(link("2026-03-02T10:00:00Z").deploymentKey).toBe("devlake:d1");
    expect(link("2026-03-02T10:00:00.001Z").deploymentKey).toBe("devlake:d2");
  });

  it("says no-prior-deployment when nothing finished before, or only another service did", () => {
    expect(link("2026-03-01T10:00:00Z")).toMatchObject({
      deploymentKey: null,
      reason: { kind: "no-prior-deployment" },
    });
    expect(link("2026-03-05T00:00:00Z", [d1, d2], "fraud-scoring").reason.kind).toBe("no-prior-deployment");
    expect(link("2026-03-05T00:00:00Z", []).reason.kind).toBe("no-prior-deployment");
  });

  it("compares each commit's own finish as a row, as DevLake does", () => {
    // d3's first commit went live a day before d3 finished (and before d2): an incident right after
    // that row links to d3, one after d2's finish to d2, one after d3's last row to d3 again.
    const commit = (sha: string, finishedAt: string) => ({
      repoUrl: "https://github.com/acme/ledger",
      commitSha: sha,
      commitMsg: null,
      authoredAt: null,
      finishedAt: at(finishedAt),
    });
    const d3 = deployment({
      externalId: "d3",
      finishedAt: at("2026-03-03T10:00:00Z"),
      commits: [commit("a1", "2026-03-02T09:00:00Z"), commit("b2", "2026-03-03T10:00:00Z")],
    });
    expect(link("2026-03-02T09:30:00Z", [d1, d2, d3]).deploymentKey).toBe("devlake:d3");
    expect(link("2026-03-02T11:00:00Z", [d1, d2, d3]).deploymentKey).toBe("devlake:d2");
    expect(link("2026-03-03T11:00:00Z", [d1, d2, d3])).toMatchObject({
      deploymentKey: "devlake:d3",
      reason: { deploymentFinishedAt: at("2026-03-03T10:00:00Z") },
    });
  });

  it("skips failed and non-production deployments", () => {
    const failed = deployment({ externalId: "f", result: "FAILURE", finishedAt: at("2026-03-03T00:00:00Z") });
    const staging = deployment({ externalId: "s", environment: "STAGING", finishedAt: at("2026-03-03T01:00:00Z") });
    expect(link("2026-03-04T00:00:00Z", [d1, d2, failed, staging]).deploymentKey).toBe("devlake:d2");
  });

  it("lets a person's link win over the rule, even with no prior deployment", () => {
    const incidents = [incident({ externalKey: "i", createdAt: at("2026-02-01T00:00:00Z") })];
    const links = linkIncidents(
      incidents,
      [d1],
      [{ incidentKey: "devlake:i", deploymentKey: "devlake:d9", by: "ana" }],
    );
    expect(links).toEqual([
      { incidentKey: "devlake:i", deploymentKey: "devlake:d9", reason: { kind: "set-by-person", by: "ana" } },
    ]);
  });

  it("reports a deployment of many rows once, at the row live before the incident", () => {
    const rows = [
      deployment({ externalId: "p", finishedAt: at("2026-03-03T00:00:00Z"), commits: [] }),
      deployment({ externalId: "p", finishedAt: at("2026-03-05T00:00:00Z"), commits: [] }),
    ];
    expect(link("2026-03-04T00:00:00Z", [d1, ...rows]).reason).toEqual({
      kind: "last-successful-production-deployment",
      deploymentFinishedAt: at("2026-03-03T00:00:00Z"),
    });
    expect(link("2026-03-06T00:00:00Z", [d1, ...rows]).reason).toMatchObject({
      deploymentFinishedAt: at("2026-03-05T00:00:00Z"),
    });
  });

  it("breaks a tie on finish by key, whatever the input order", () => {
    const a = deployment({ externalId: "a", finishedAt: d2.finishedAt });
    expect(link("2026-03-03T00:00:00Z", [a, d2]).deploymentKey).toBe("devlake:d2");
    expect(link("2026-03-03T00:00:00Z", [d2, a]).deploymentKey).toBe("devlake:d2");
  });

  it("rejects invalid dates, naming the record", () => {
    const bad = deployment({ externalId: "bad", finishedAt: new Date(Number.NaN) });
    expect(() => link("2026-03-03T00:00:00Z", [bad])).toThrow(/deployment bad finishedAt/);
    expect(() => link("not a date")).toThrow(/incident i createdAt/);
  });
});
