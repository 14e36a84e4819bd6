import { describe, expect, it } from "vitest";
import { leadTimeForChanges } from "@/lib/delivery/lead-time";
import type { DeploymentCommit } from "@/lib/delivery/schemas";
import { at, deployment, pullRequest } from "@/lib/delivery/fixtures/records";

const window = { from: at("2026-03-01T00:00:00Z"), to: at("2026-04-01T00:00:00Z") };
const REPO = "https://git.example/ledger";
const commit = (sha: string, authored: string | null): DeploymentCommit => ({
  repoUrl: REPO,
  commitSha: sha,
  commitMsg: null,
  authoredAt: authored ? at(authored) : null,
});

describe("leadTimeForChanges from commits", () => {
  const deployments = [
    deployment({
      externalId: "d0",
      finishedAt: at("2026-02-28T12:00:00Z"),
      commits: [commit("c8", "2026-02-27T12:00:00Z")],
    }),
    deployment({
      externalId: "fail",
      result: "FAILURE",
      finishedAt: at("2026-03-12T11:30:00Z"),
      commits: [commit("c3", "2026-03-12T11:00:00Z")],
    }),
    deployment({
      externalId: "d1",
      finishedAt: at("2026-03-10T12:00:00Z"),
      commits: [commit("c1", "2026-03-10T10:00:00Z"), commit("c2", "2026-03-09T12:00:00Z")],
    }),
    deployment({
      externalId: "stg",
      environment: "STAGING",
      finishedAt: at("2026-03-11T00:00:00Z"),
      commits: [commit("c4", "2026-03-10T00:00:00Z")],
    }),
    deployment({
      externalId: "d2",
      finishedAt: at("2026-03-12T12:00:00Z"),
      commits: [
        commit("c1", "2026-03-10T10:00:00Z"), // shipped again: counted at d1
        commit("c3", "2026-03-12T11:00:00Z"),
        commit("c5", "2026-03-13T00:00:00Z"), // authored after the deploy: ignored
        commit("c6", null),
        commit("c8", "2026-02-27T12:00:00Z"), // first shipped before the window
      ],
    }),
    // One deployment in two rows: c7 counts at the deployment's latest finish, 06:00.
    deployment({
      externalId: "dp",
      finishedAt: at("2026-03-20T00:00:00Z"),
      commits: [commit("c7", "2026-03-20T00:00:00Z")],
    }),
    deployment({ externalId: "dp", finishedAt: at("2026-03-20T06:00:00Z"), commits: [] }),
  ];

  it("takes the lower median of first-deploy lead times, values <= 0 ignored", () => {
    // c1 120, c2 1440, c3 60 (its failed deploy does not count), c7 360 → [60, 120, 360, 1440].
    expect(leadTimeForChanges(window, deployments)).toEqual({
      medianMinutes: 120,
      changes: 4,
      pullRequests: 0,
      codingMedianMinutes: null,
      reviewMedianMinutes: null,
      deployMedianMinutes: null,
      tier2021: "high",
      tier2023: "elite",
    });
  });

  it("is null with nothing deployed in the window", () => {
    expect(leadTimeForChanges(window, [])).toMatchObject({
      medianMinutes: null,
      changes: 0,
      tier2021: null,
      tier2023: null,
    });
    expect(
      leadTimeForChanges({ from: at("2026-05-01T00:00:00Z"), to: at("2026-06-01T00:00:00Z") }, deployments)
        .medianMinutes,
    ).toBeNull();
  });

  it("rejects an invalid authored date of a counted commit", () => {
    const bad = deployment({
      externalId: "b",
      finishedAt: at("2026-03-02T00:00:00Z"),
      commits: [{ ...commit("x", null), authoredAt: new Date("nope") }],
    });
    expect(() => leadTimeForChanges(window, [bad])).toThrow(/commit x authoredAt/);
  });
});

describe("leadTimeForChanges with pull requests", () => {
  const deployments = [
    deployment({ externalId: "dpr1", finishedAt: at("2026-03-04T00:00:00Z"), commits: [commit("m1", null)] }),
    deployment({
      externalId: "dpr2",
      finishedAt: at("2026-03-05T03:00:00Z"),
      commits: [commit("a2", "2026-03-05T00:30:00Z"), commit("a1", "2026-03-01T00:00:00Z")],
    }),
    deployment({
      externalId: "d9",
      finishedAt: at("2026-03-06T01:00:00Z"),
      commits: [commit("c9", "2026-03-06T00:00:00Z")],
    }),
  ];
  const prs = [
    pullRequest({
      externalId: "pr1",
      mergeCommitSha: "m1",
      commitShas: ["a1", "m1"],
      firstCommitAt: at("2026-03-01T00:00:00Z"),
      openedAt: at("2026-03-02T00:00:00Z"),
      mergedAt: at("2026-03-03T00:00:00Z"),
    }),
    // No first commit known: starts when opened. Its commit a2 shipped before its merge sha did.
    pullRequest({
      externalId: "pr2",
      mergeCommitSha: "m2",
      commitShas: ["a2"],
      openedAt: at("2026-03-05T00:00:00Z"),
      mergedAt: at("2026-03-05T02:00:00Z"),
    }),
    pullRequest({
      externalId: "never",
      mergeCommitSha: "m3",
      openedAt: at("2026-03-05T00:00:00Z"),
      mergedAt: at("2026-03-05T02:00:00Z"),
    }),
  ];

  it("measures each PR once and only the commits no PR carried", () => {
    // pr1 4320 (1440 coding, 1440 review, 1440 deploy), pr2 180 (120 review, 60 deploy), c9 60.
    expect(leadTimeForChanges(window, deployments, prs)).toEqual({
      medianMinutes: 180,
      changes: 3,
      pullRequests: 2,
      codingMedianMinutes: 1440,
      reviewMedianMinutes: 120,
      deployMedianMinutes: 60,
      tier2021: "high",
      tier2023: "elite",
    });
  });

  it("rejects a PR with an invalid date", () => {
    const bad = pullRequest({ externalId: "bad", mergeCommitSha: "m1", openedAt: new Date(Number.NaN) });
    expect(() => leadTimeForChanges(window, deployments, [bad])).toThrow(/pull request bad openedAt/);
  });
});
