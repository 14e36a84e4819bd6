import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withField } from "./adversarial-cases";
import { DEFAULT_GITHUB_CONFIG, type GitHubConfig } from "./github-config";
import { parseGitHubEvent } from "./parse-github-event";

const fixture = (file: string): unknown => JSON.parse(readFileSync(`${__dirname}/fixtures/${file}`, "utf8"));
const STATUS = fixture("github-deployment-status.json");
const PULL = fixture("github-pull-request-closed.json");
const PUSH = fixture("github-push.json");
const ISSUE = fixture("github-issues-opened.json");
const config = DEFAULT_GITHUB_CONFIG;

const merged = withField(
  withField(PULL, ["pull_request", "merged"], true),
  ["pull_request", "merged_at"],
  "2019-05-15T15:21:18Z",
);
const incidentIssue = withField(ISSUE, ["issue", "labels"], [{ name: "bug" }, { name: "Incident" }, { name: "sev:2" }]);

describe("parseGitHubEvent with GitHub's example bodies", () => {
  it("reads a successful production deployment_status as a finished deployment", () => {
    expect(parseGitHubEvent("deployment_status", STATUS, config)).toEqual({
      ok: true,
      value: {
        kind: "deployment",
        deployment: {
          externalId: "145988746",
          source: "github",
          service: "Hello-World",
          team: null,
          environment: "PRODUCTION",
          result: "SUCCESS",
          startedAt: new Date("2019-05-15T15:20:53Z"),
          finishedAt: new Date("2019-05-15T15:20:55Z"),
          version: null,
          author: "Codertocat",
          hotfix: false,
          commits: [
            {
              repoUrl: "https://github.com/Codertocat/Hello-World",
              commitSha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e",
              commitMsg: null,
              authoredAt: null,
            },
          ],
        },
      },
    });
  });

  it("maps failure and error to FAILURE, ignores statuses that are not finished", () => {
    for (const state of ["failure", "error"]) {
      const result = parseGitHubEvent(
        "deployment_status",
        withField(STATUS, ["deployment_status", "state"], state),
        config,
      );
      expect(result.ok && result.value.kind === "deployment" && result.value.deployment.result).toBe("FAILURE");
    }
    for (const state of ["pending", "queued", "in_progress", "waiting", "inactive"]) {
      const result = parseGitHubEvent(
        "deployment_status",
        withField(STATUS, ["deployment_status", "state"], state),
        config,
      );
      expect(result.ok && result.value.kind).toBe("ignored");
    }
  });

  it("maps environment names through the configured table, any case", () => {
    const at = (env: string, cfg: GitHubConfig = config) => {
      const result = parseGitHubEvent(
        "deployment_status",
        withField(STATUS, ["deployment_status", "environment"], env),
        cfg,
      );
      return result.ok && result.value.kind === "deployment"
        ? result.value.deployment.environment
        : result.ok && result.value.kind;
    };
    expect(at("Prod")).toBe("PRODUCTION");
    expect(at(" staging ")).toBe("STAGING");
    expect(at("dev")).toBe("DEVELOPMENT");
    expect(at("github-pages")).toBe("ignored");
    expect(at("eu-live-1", { ...config, environments: { "eu-live-1": "PRODUCTION" } })).toBe("PRODUCTION");
    expect(at("production", { ...config, environments: {} })).toBe("ignored");
  });

  it("names the service from the configured repository table, else the repository name", () => {
    const result = parseGitHubEvent("deployment_status", STATUS, {
      ...config,
      services: { "Codertocat/Hello-World": "greeter" },
    });
    expect(result.ok && result.value.kind === "deployment" && result.value.deployment.service).toBe("greeter");
  });

  it("ignores a closed pull request that was not merged (GitHub's example) and reads a merged one", () => {
    expect(parseGitHubEvent("pull_request", PULL, config)).toMatchObject({ ok: true, value: { kind: "ignored" } });
    expect(parseGitHubEvent("pull_request", merged, config)).toEqual({
      ok: true,
      value: {
        kind: "pull-request",
        pullRequest: {
          externalId: "github:Codertocat/Hello-World#2",
          repoUrl: "https://github.com/Codertocat/Hello-World",
          service: "Hello-World",
          title: "Update the README with new information.",
          firstCommitAt: null,
          openedAt: new Date("2019-05-15T15:20:33Z"),
          mergedAt: new Date("2019-05-15T15:21:18Z"),
          mergeCommitSha: "c4295bd74fb0f4fda03689c3df3f2803b658fd85",
          commitShas: ["ec26c3e57ca3a959ca5aad62de7213c562f8c821", "c4295bd74fb0f4fda03689c3df3f2803b658fd85"],
        },
      },
    });
    expect(parseGitHubEvent("pull_request", withField(merged, ["action"], "edited"), config)).toMatchObject({
      value: { kind: "ignored" },
    });
  });

  it("reads a push's commits with their times", () => {
    expect(parseGitHubEvent("push", PUSH, config)).toEqual({
      ok: true,
      value: {
        kind: "commits",
        push: {
          service: "Hello-World",
          ref: "refs/heads/master",
          commits: [
            {
              repoUrl: "https://github.com/Codertocat/Hello-World",
              commitSha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
              commitMsg: "Initial commit",
              authoredAt: new Date("2019-05-15T15:19:25Z"),
            },
          ],
        },
      },
    });
    const deleted = withField(PUSH, ["commits"], []);
    expect(parseGitHubEvent("push", deleted, config)).toMatchObject({ ok: true, value: { push: { commits: [] } } });
  });

  it("ignores issues without the incident label (GitHub's example is a bug)", () => {
    expect(parseGitHubEvent("issues", ISSUE, config)).toMatchObject({ ok: true, value: { kind: "ignored" } });
  });

  it("reads a labelled issue as an open incident, and closed as resolved at closed_at", () => {
    const opened = parseGitHubEvent("issues", incidentIssue, config);
    expect(opened).toEqual({
      ok: true,
      value: {
        kind: "incident",
        incident: {
          externalKey: "https://github.com/Codertocat/Hello-World/issues/1",
          source: "github",
          service: "Hello-World",
          title: "Spelling error in the README file",
          status: "TODO",
          severity: "2",
          url: "https://github.com/Codertocat/Hello-World/issues/1",
          createdAt: new Date("2019-05-15T15:20:18Z"),
          resolvedAt: null,
        },
      },
    });
    let closed = withField(incidentIssue, ["action"], "closed");
    closed = withField(closed, ["issue", "state"], "closed");
    closed = withField(closed, ["issue", "closed_at"], "2019-05-15T18:00:00+02:00");
    expect(parseGitHubEvent("issues", closed, config)).toMatchObject({
      value: { incident: { status: "DONE", resolvedAt: new Date("2019-05-15T16:00:00Z") } },
    });
  });

  it("uses the configured incident label", () => {
    const outage = withField(ISSUE, ["issue", "labels"], [{ name: "outage" }]);
    expect(parseGitHubEvent("issues", outage, config)).toMatchObject({ value: { kind: "ignored" } });
    expect(parseGitHubEvent("issues", outage, { ...config, incidentLabel: "Outage" })).toMatchObject({
      value: { kind: "incident" },
    });
  });

  it("ignores events it does not read", () => {
    expect(parseGitHubEvent("ping", { zen: "Avoid administrative distraction." }, config)).toMatchObject({
      ok: true,
      value: { kind: "ignored" },
    });
  });
});
