import { describe, expect, it } from "vitest";
import { BAD_SHAS, BAD_TIMES, badText, type Case, each, expectRefused, fixture, withField } from "./adversarial-cases";
import { LIMITS } from "./fields";
import { DEFAULT_GITHUB_CONFIG } from "./github-config";
import { parseGitHubEvent } from "./parse-github-event";

// Every field each GitHub parser reads, set one at a time to a value GitHub never sends.

const config = DEFAULT_GITHUB_CONFIG;

const BAD_IDS: [string, unknown][] = [
  ["zero", 0],
  ["negative", -1],
  ["a fraction", 1.5],
  ["past 2^53", 2 ** 53],
  ["as text", "145988746"],
  ["NaN-like", "NaN"],
  ["null", null],
];
const repositoryCases = (): Case[] => [
  ...each(badText(LIMITS.name), ["repository", "full_name"]),
  ...each(badText(LIMITS.name), ["repository", "name"]),
  ["repository missing", ["repository"], undefined],
  ["html_url not http", ["repository", "html_url"], "git://github.com/a/b.git"],
];

const STATUS = fixture("github-deployment-status.json");
const PULL = withField(
  withField(fixture("github-pull-request-closed.json"), ["pull_request", "merged"], true),
  ["pull_request", "merged_at"],
  "2019-05-15T15:21:18Z",
);
const PUSH = fixture("github-push.json");
const ISSUE = withField(fixture("github-issues-opened.json"), ["issue", "labels"], [{ name: "incident" }]);

const suites: [string, unknown, Case[]][] = [
  [
    "deployment_status",
    STATUS,
    [
      ...repositoryCases(),
      ...each(BAD_IDS, ["deployment", "id"]),
      ...each(BAD_SHAS, ["deployment", "sha"]),
      ...each(BAD_TIMES, ["deployment", "created_at"]),
      ...each(BAD_TIMES, ["deployment_status", "created_at"]),
      ...each(badText(LIMITS.name), ["deployment", "environment"]),
      ...each(badText(LIMITS.name), ["deployment_status", "environment"]),
      ["unknown state", ["deployment_status", "state"], "done"],
      ["upper-case state", ["deployment_status", "state"], "SUCCESS"],
      ["status before its deployment", ["deployment_status", "created_at"], "2019-05-15T15:20:52Z"],
      ["creator without login", ["deployment", "creator", "login"], undefined],
    ],
  ],
  [
    "pull_request",
    PULL,
    [
      ...repositoryCases(),
      ...each(BAD_IDS, ["pull_request", "number"]),
      ...each(BAD_SHAS, ["pull_request", "head", "sha"]),
      ...each(BAD_SHAS, ["pull_request", "merge_commit_sha"]),
      ...each(BAD_TIMES, ["pull_request", "created_at"]),
      ...each(BAD_TIMES.slice(0, -1), ["pull_request", "merged_at"]),
      ...each(badText(LIMITS.title), ["pull_request", "title"]),
      ["merged as text", ["pull_request", "merged"], "true"],
      ["merged without merged_at", ["pull_request", "merged_at"], null],
      ["merged without merge commit", ["pull_request", "merge_commit_sha"], null],
      ["merged before opened", ["pull_request", "merged_at"], "2019-05-15T15:20:32Z"],
      ["missing action", ["action"], undefined],
    ],
  ],
  [
    "push",
    PUSH,
    [
      ...repositoryCases(),
      ...each(BAD_SHAS, ["commits", 0, "id"]),
      ...each(BAD_TIMES, ["commits", 0, "timestamp"]),
      ...each(badText(LIMITS.message), ["commits", 0, "message"]),
      ...each(badText(LIMITS.name), ["ref"]),
      ["commits not a list", ["commits"], "6113728"],
      [
        "too many commits",
        ["commits"],
        Array(LIMITS.maxCommits + 1).fill({ id: "abcdef0", message: "m", timestamp: "2019-05-15T15:19:25Z" }),
      ],
      ["commit as text", ["commits", 0], "6113728f27ae82c7b1a177c8d03f9e96e0adf246"],
    ],
  ],
  [
    "issues",
    ISSUE,
    [
      ...repositoryCases(),
      ...each(badText(LIMITS.title), ["issue", "title"]),
      ...each(BAD_TIMES, ["issue", "created_at"]),
      ...each(badText(LIMITS.name), ["issue", "labels", 0, "name"]),
      ["unknown state", ["issue", "state"], "resolved"],
      ["labels not a list", ["issue", "labels"], "incident"],
      ["too many labels", ["issue", "labels"], Array(101).fill({ name: "incident" })],
      ["html_url not http", ["issue", "html_url"], "about:blank"],
    ],
  ],
];

describe.each(suites)("GitHub %s refuses", (event, body, cases) => {
  it("nothing in the example body", () => {
    expect(parseGitHubEvent(event, body, config).ok).toBe(true);
  });

  it.each(cases)("%s at %j", (_why, path, value) => {
    expectRefused(parseGitHubEvent(event, withField(body, path, value), config), path.join("."));
  });

  it("bodies that are not objects", () => {
    for (const bad of [null, 42, "{}", [], true]) expectRefused(parseGitHubEvent(event, bad, config), "(body)");
  });
});

describe("GitHub issues closing", () => {
  const closed = withField(withField(ISSUE, ["action"], "closed"), ["issue", "state"], "closed");
  it("refuses a closed incident without closed_at, or closed before it was opened", () => {
    expectRefused(parseGitHubEvent("issues", closed, config), "issue.closed_at");
    expectRefused(
      parseGitHubEvent("issues", withField(closed, ["issue", "closed_at"], "2019-05-15T15:20:17Z"), config),
      "issue.closed_at",
    );
  });
});

describe("GitHub event names", () => {
  it.each([["push\0"], ["Push"], [""], ["x".repeat(51)], ["issues\uD800"], ["../etc"]])("refuses %j", (event) => {
    expectRefused(parseGitHubEvent(event, {}, config), "X-GitHub-Event");
  });
});

describe("GitHub names that are also Object's members", () => {
  it("maps no environment or repository through an inherited name such as constructor", () => {
    const status = fixture("github-deployment-status.json");
    for (const env of ["constructor", "__proto__", "toString"]) {
      const body = withField(status, ["deployment_status", "environment"], env);
      expect(parseGitHubEvent("deployment_status", body, config)).toMatchObject({
        ok: true,
        value: { kind: "ignored" },
      });
    }
    const named = withField(status, ["repository", "full_name"], "constructor");
    const result = parseGitHubEvent("deployment_status", named, config);
    expect(result.ok && result.value.kind === "deployment" && result.value.deployment.service).toBe("Hello-World");
  });
});
