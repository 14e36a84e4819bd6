import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withField } from "./adversarial-cases";
import { DEFAULT_GITLAB_CONFIG, type GitLabConfig } from "./gitlab-config";
import { parseGitLabEvent } from "./parse-gitlab-event";

// GitLab's documented example bodies (docs.gitlab.com webhook events) through the parsers.

const fixture = (file: string): unknown => JSON.parse(readFileSync(`${__dirname}/fixtures/${file}`, "utf8"));
const DEPLOYMENT = fixture("gitlab-deployment.json");
const ISSUE = fixture("gitlab-issue.json");
const MERGE = fixture("gitlab-merge-request.json");
const PUSH = fixture("gitlab-push.json");
const config = DEFAULT_GITLAB_CONFIG;

const set = (body: unknown, fields: [(string | number)[], unknown][]) =>
  fields.reduce((copy, [path, value]) => withField(copy, path, value), body);
const merged = set(MERGE, [
  [["object_attributes", "action"], "merge"],
  [["object_attributes", "state"], "merged"],
  [["object_attributes", "updated_at"], "2013-12-04 09:00:00 UTC"],
  [["object_attributes", "merge_commit_sha"], "8d8f1c8e3f1b2e4d5c6a7b8c9d0e1f2a3b4c5d6e"],
]);
const labelled = withField(ISSUE, ["labels"], [{ title: "bug" }, { title: "Incident" }, { title: "severity::2" }]);

const deploymentOf = (body: unknown, cfg: GitLabConfig = config) => {
  const result = parseGitLabEvent("Deployment Hook", body, cfg);
  return result.ok && result.value.kind === "deployment" ? result.value.deployment : result;
};

describe("parseGitLabEvent with GitLab's example bodies", () => {
  it("reads GitLab's successful deployment as a finished staging deployment of the commit in commit_url", () => {
    expect(deploymentOf(DEPLOYMENT)).toEqual({
      externalId: "15",
      source: "gitlab",
      service: "test-deployment-webhooks",
      team: null,
      environment: "STAGING",
      result: "SUCCESS",
      startedAt: new Date("2021-04-28T19:50:00Z"),
      finishedAt: new Date("2021-04-28T19:50:00Z"),
      version: null,
      author: "root",
      hotfix: false,
      commits: [
        {
          repoUrl: "http://10.126.0.2:3000/root/test-deployment-webhooks",
          commitSha: "279484c09fbe69ededfced8c1bb6e6d24616b468",
          commitMsg: "Add new file",
          authoredAt: null,
        },
      ],
    });
  });

  it("maps failed to FAILURE and ignores, saying why, the statuses that are not finished", () => {
    expect(deploymentOf(withField(DEPLOYMENT, ["status"], "failed"))).toMatchObject({ result: "FAILURE" });
    for (const status of ["created", "running", "canceled", "skipped", "blocked"]) {
      expect(parseGitLabEvent("Deployment Hook", withField(DEPLOYMENT, ["status"], status), config)).toEqual({
        ok: true,
        value: { kind: "ignored", reason: `deployment status ${status} is not a finished deployment` },
      });
    }
  });

  it("places the environment by GitLab's tier, else by its name as for GitHub", () => {
    const at = (environment: string, tier: string | null | undefined, cfg: GitLabConfig = config) => {
      const body = set(DEPLOYMENT, [
        [["environment"], environment],
        [["environment_tier"], tier],
      ]);
      const deployment = deploymentOf(body, cfg);
      return "environment" in deployment ? deployment.environment : deployment.ok && deployment.value.kind;
    };
    expect(at("eu-west-1", "production")).toBe("PRODUCTION");
    expect(at("review/feature-x", "development")).toBe("DEVELOPMENT");
    expect(at("qa-eu", "testing")).toBe("TESTING");
    expect(at("Prod", "other")).toBe("PRODUCTION");
    expect(at(" staging ", undefined)).toBe("STAGING");
    expect(at("review/feature-x", "other")).toBe("ignored");
    expect(at("eu-live-1", null, { ...config, environments: { "eu-live-1": "PRODUCTION" } })).toBe("PRODUCTION");
  });

  it("names the service from the configured project table, else the project's path", () => {
    const cfg = { ...config, services: { "root/test-deployment-webhooks": "ledger" } };
    expect(deploymentOf(DEPLOYMENT, cfg)).toMatchObject({ service: "ledger" });
    const nested = withField(DEPLOYMENT, ["project", "path_with_namespace"], "acme/payments/ledger-api");
    expect(deploymentOf(nested)).toMatchObject({ service: "ledger-api" });
  });

  it("reads GitLab's own time formats, with and without an offset's colon", () => {
    for (const [sent, instant] of [
      ["2021-04-28 21:50:00 UTC", "2021-04-28T21:50:00Z"],
      ["2021-04-28 21:50:00 -0530", "2021-04-29T03:20:00Z"],
      ["2021-04-28 21:50:00.123 +02:00", "2021-04-28T19:50:00.123Z"],
      ["2021-04-28T21:50:00+02:00", "2021-04-28T19:50:00Z"],
    ]) {
      expect(deploymentOf(withField(DEPLOYMENT, ["status_changed_at"], sent))).toMatchObject({
        finishedAt: new Date(instant!),
      });
    }
  });

  it("ignores GitLab's example merge request (opened) and reads its merge", () => {
    expect(parseGitLabEvent("Merge Request Hook", MERGE, config)).toEqual({
      ok: true,
      value: { kind: "ignored", reason: "merge request open (opened) is not its merge" },
    });
    expect(parseGitLabEvent("Merge Request Hook", merged, config)).toEqual({
      ok: true,
      value: {
        kind: "pull-request",
        pullRequest: {
          externalId: "gitlab:gitlabhq/gitlab-test!1",
          repoUrl: "http://example.com/gitlabhq/gitlab-test",
          service: "gitlab-test",
          title: "MS-Viewport",
          firstCommitAt: null,
          openedAt: new Date("2013-12-03T17:23:34Z"),
          mergedAt: new Date("2013-12-04T09:00:00Z"),
          mergeCommitSha: "8d8f1c8e3f1b2e4d5c6a7b8c9d0e1f2a3b4c5d6e",
          commitShas: ["da1560886d4f094c3e6c9ef40349f7d38b5d27d7", "8d8f1c8e3f1b2e4d5c6a7b8c9d0e1f2a3b4c5d6e"],
        },
      },
    });
  });

  it("takes the last commit as what landed when a fast-forward merge has no merge commit", () => {
    const fastForward = withField(merged, ["object_attributes", "merge_commit_sha"], null);
    expect(parseGitLabEvent("Merge Request Hook", fastForward, config)).toMatchObject({
      value: {
        pullRequest: {
          mergeCommitSha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          commitShas: ["da1560886d4f094c3e6c9ef40349f7d38b5d27d7"],
        },
      },
    });
  });

  it("ignores later updates of a merged request, which would move its merge time", () => {
    const update = withField(merged, ["object_attributes", "action"], "update");
    expect(parseGitLabEvent("Merge Request Hook", update, config)).toMatchObject({ value: { kind: "ignored" } });
  });

  it("reads a push's commits with their times", () => {
    const result = parseGitLabEvent("Push Hook", PUSH, config);
    expect(result).toEqual({
      ok: true,
      value: {
        kind: "commits",
        push: {
          service: "diaspora",
          ref: "refs/heads/master",
          commits: [
            {
              repoUrl: "http://example.com/mike/diaspora",
              commitSha: "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327",
              commitMsg:
                "Update Catalan translation to e38cb41.\n\nSee https://gitlab.com/gitlab-org/gitlab for more information",
              authoredAt: new Date("2011-12-12T12:27:31Z"),
            },
            {
              repoUrl: "http://example.com/mike/diaspora",
              commitSha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
              commitMsg: "fixed readme",
              authoredAt: new Date("2012-01-03T21:36:29Z"),
            },
          ],
        },
      },
    });
  });

  it("ignores GitLab's example issue, which is neither labelled nor of the Incident type", () => {
    expect(parseGitLabEvent("Issue Hook", ISSUE, config)).toEqual({
      ok: true,
      value: { kind: "ignored", reason: 'issue open is not an incident: no "incident" label and type Issue' },
    });
  });

  it("reads a labelled issue as an open incident keyed group/project#iid, with GitLab's severity", () => {
    expect(parseGitLabEvent("Issue Hook", labelled, config)).toEqual({
      ok: true,
      value: {
        kind: "incident",
        incident: {
          externalKey: "gitlabhq/gitlab-test#23",
          source: "gitlab",
          service: "gitlab-test",
          title: "New API: create/update/delete file",
          status: "TODO",
          severity: "high",
          url: "http://example.com/diaspora/issues/23",
          createdAt: new Date("2013-12-03T17:15:43Z"),
          resolvedAt: null,
        },
      },
    });
    const unknown = withField(labelled, ["object_attributes", "severity"], "unknown");
    expect(parseGitLabEvent("Issue Hook", unknown, config)).toMatchObject({ value: { incident: { severity: "2" } } });
  });

  it("reads GitLab's Incident type as an incident without the label, as issue or work item", () => {
    const typed = withField(ISSUE, ["object_attributes", "type"], "Incident");
    expect(parseGitLabEvent("Issue Hook", typed, config)).toMatchObject({ value: { kind: "incident" } });
    const workItem = withField(typed, ["object_kind"], "work_item");
    expect(parseGitLabEvent("Issue Hook", workItem, config)).toMatchObject({ value: { kind: "incident" } });
    const older = set(ISSUE, [
      [["object_attributes", "type"], undefined],
      [["object_attributes", "issue_type"], "incident"],
    ]);
    expect(parseGitLabEvent("Confidential Issue Hook", older, config)).toMatchObject({ value: { kind: "incident" } });
  });

  it("ignores work items that are neither issues nor incidents, such as a group's epic without a project", () => {
    const epic = withField(withField(labelled, ["object_kind"], "work_item"), ["object_attributes", "type"], "Epic");
    expect(parseGitLabEvent("Issue Hook", withField(epic, ["project"], undefined), config)).toEqual({
      ok: true,
      value: { kind: "ignored", reason: "work items of type Epic are not read" },
    });
    const task = withField(epic, ["object_attributes", "type"], "Task");
    expect(parseGitLabEvent("Issue Hook", task, config)).toMatchObject({ value: { kind: "ignored" } });
  });

  it("reads a closed incident as resolved at closed_at, in GitLab's own time format", () => {
    const closed = set(labelled, [
      [["object_attributes", "state"], "closed"],
      [["object_attributes", "action"], "close"],
      [["object_attributes", "closed_at"], "2013-12-03 19:00:00 UTC"],
    ]);
    expect(parseGitLabEvent("Issue Hook", closed, config)).toMatchObject({
      value: { incident: { status: "DONE", resolvedAt: new Date("2013-12-03T19:00:00Z") } },
    });
  });

  it("uses the configured incident label", () => {
    const outage = withField(ISSUE, ["labels"], [{ title: "outage" }]);
    expect(parseGitLabEvent("Issue Hook", outage, config)).toMatchObject({ value: { kind: "ignored" } });
    expect(parseGitLabEvent("Issue Hook", outage, { ...config, incidentLabel: "Outage" })).toMatchObject({
      value: { kind: "incident" },
    });
  });

  it("ignores events it does not read, whatever their body", () => {
    for (const event of ["Pipeline Hook", "Job Hook", "Tag Push Hook", "Note Hook", "System Hook"]) {
      expect(parseGitLabEvent(event, PUSH, config)).toEqual({
        ok: true,
        value: { kind: "ignored", reason: `GitLab event "${event}" is not read` },
      });
    }
  });
});
