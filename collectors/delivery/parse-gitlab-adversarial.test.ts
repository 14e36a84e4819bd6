import { describe, expect, it } from "vitest";
import { BAD_SHAS, BAD_TIMES, badText, type Case, each, expectRefused, fixture, withField } from "./adversarial-cases";
import { LIMITS } from "./fields";
import { DEFAULT_GITLAB_CONFIG } from "./gitlab-config";
import { parseGitLabEvent } from "./parse-gitlab-event";

// Every field each GitLab parser reads, set one at a time to a value GitLab never sends.

const config = DEFAULT_GITLAB_CONFIG;

const BAD_IDS: [string, unknown][] = [
  ["zero", 0],
  ["negative", -1],
  ["a fraction", 1.5],
  ["past 2^53", 2 ** 53],
  ["as text", "15"],
  ["null", null],
];
// GitLab's own form with a part missing or wrong, besides the shared RFC 3339 cases.
const BAD_GITLAB_TIMES: [string, unknown][] = [
  ...BAD_TIMES,
  ["no zone", "2021-04-28 21:50:00"],
  ["a zone name", "2021-04-28 21:50:00 CEST"],
  ["offset hours only", "2021-04-28 21:50:00 +02"],
  ["two spaces", "2021-04-28  21:50:00 UTC"],
  ["hour 24", "2021-04-28 24:00:00 UTC"],
];
const projectCases = (): Case[] => [
  ...each(badText(LIMITS.name), ["project", "name"]),
  ...each(badText(LIMITS.name), ["project", "path_with_namespace"]),
  ["project missing", ["project"], undefined],
  ["web_url not http", ["project", "web_url"], "git@example.com:mike/diaspora.git"],
];

const DEPLOYMENT = fixture("gitlab-deployment.json");
const ISSUE = withField(fixture("gitlab-issue.json"), ["labels"], [{ title: "incident" }]);
const MERGED = [
  [["object_attributes", "action"], "merge"],
  [["object_attributes", "state"], "merged"],
  [["object_attributes", "updated_at"], "2013-12-04 09:00:00 UTC"],
] as const;
const MERGE = MERGED.reduce<unknown>(
  (body, [path, value]) => withField(body, [...path], value),
  fixture("gitlab-merge-request.json"),
);
const PUSH = fixture("gitlab-push.json");

const suites: [string, unknown, Case[]][] = [
  [
    "Deployment Hook",
    DEPLOYMENT,
    [
      ...projectCases(),
      ...each(BAD_IDS, ["deployment_id"]),
      ...each(BAD_SHAS, ["short_sha"]),
      ...each(BAD_GITLAB_TIMES, ["status_changed_at"]),
      ...each(badText(LIMITS.name), ["environment"]),
      ...each(badText(LIMITS.title), ["commit_title"]),
      ["unknown status", ["status"], "done"],
      ["upper-case status", ["status"], "SUCCESS"],
      ["unknown tier", ["environment_tier"], "prod"],
      ["user without username", ["user", "username"], undefined],
      ["commit_url not http", ["commit_url"], "about:blank"],
      ["commit_url of another commit", ["commit_url"], `http://example.com/a/b/-/commit/${"f".repeat(40)}`],
      ["commit_url without a commit", ["commit_url"], "http://10.126.0.2:3000/root/test-deployment-webhooks"],
      ["commit_url missing", ["commit_url"], undefined],
      ["object_kind of another event", ["object_kind"], "push"],
      ["object_kind missing", ["object_kind"], undefined],
    ],
  ],
  [
    "Issue Hook",
    ISSUE,
    [
      ...projectCases(),
      ...each(BAD_IDS, ["object_attributes", "iid"]),
      ...each(badText(LIMITS.title), ["object_attributes", "title"]),
      ...each(BAD_GITLAB_TIMES, ["object_attributes", "created_at"]),
      ...each(
        BAD_GITLAB_TIMES.filter(([, value]) => value !== null),
        ["object_attributes", "closed_at"],
      ),
      ...each(badText(LIMITS.name), ["labels", 0, "title"]),
      ...each(badText(100), ["object_attributes", "type"]),
      ...each(badText(100), ["object_attributes", "severity"]),
      ["unknown state", ["object_attributes", "state"], "resolved"],
      ["GitHub's state name", ["object_attributes", "state"], "open"],
      ["labels not a list", ["labels"], "incident"],
      ["too many labels", ["labels"], Array(101).fill({ title: "incident" })],
      ["url not http", ["object_attributes", "url"], "javascript:alert(1)"],
      ["object_kind of another event", ["object_kind"], "merge_request"],
    ],
  ],
  [
    "Merge Request Hook",
    MERGE,
    [
      ...projectCases(),
      ...each(BAD_IDS, ["object_attributes", "iid"]),
      ...each(badText(LIMITS.title), ["object_attributes", "title"]),
      ...each(BAD_GITLAB_TIMES, ["object_attributes", "created_at"]),
      ...each(BAD_GITLAB_TIMES, ["object_attributes", "updated_at"]),
      ...each(BAD_SHAS, ["object_attributes", "merge_commit_sha"]),
      ...each(BAD_SHAS, ["object_attributes", "last_commit", "id"]),
      ...each(badText(50), ["object_attributes", "state"]),
      ["merged before opened", ["object_attributes", "updated_at"], "2013-12-03 17:23:33 UTC"],
      ["merged without any commit", ["object_attributes", "last_commit"], null],
      ["object_kind of another event", ["object_kind"], "issue"],
    ],
  ],
  [
    "Push Hook",
    PUSH,
    [
      ...projectCases(),
      ...each(BAD_SHAS, ["commits", 0, "id"]),
      ...each(BAD_GITLAB_TIMES, ["commits", 0, "timestamp"]),
      ...each(badText(LIMITS.message), ["commits", 0, "message"]),
      ...each(badText(LIMITS.name), ["ref"]),
      ["commits not a list", ["commits"], "b6568db1"],
      [
        "too many commits",
        ["commits"],
        Array(LIMITS.maxCommits + 1).fill({ id: "abcdef0", message: "m", timestamp: "2012-01-03T23:36:29+02:00" }),
      ],
      ["commit as text", ["commits", 0], "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327"],
      ["object_kind of another event", ["object_kind"], "tag_push"],
    ],
  ],
];

/** Where a case's refusal is named: the merge without any commit is named at the merge commit. */
function fieldOf(path: (string | number)[]): string {
  const joined = path.join(".");
  if (joined === "object_attributes.last_commit") return "object_attributes.merge_commit_sha";
  return joined;
}

describe.each(suites)("GitLab %s refuses", (event, body, cases) => {
  it("nothing in the example body", () => {
    expect(parseGitLabEvent(event, body, config).ok).toBe(true);
  });

  it.each(cases)("%s at %j", (_why, path, value) => {
    expectRefused(parseGitLabEvent(event, withField(body, path, value), config), fieldOf(path));
  });

  it("bodies that are not objects", () => {
    for (const bad of [null, 42, "{}", [], true]) expectRefused(parseGitLabEvent(event, bad, config), "(body)");
  });
});

describe("GitLab issues closing", () => {
  const closed = withField(ISSUE, ["object_attributes", "state"], "closed");
  it("refuses a closed incident without closed_at, or closed before it was opened", () => {
    expectRefused(parseGitLabEvent("Issue Hook", closed, config), "object_attributes.closed_at");
    const early = withField(closed, ["object_attributes", "closed_at"], "2013-12-03 17:15:42 UTC");
    expectRefused(parseGitLabEvent("Issue Hook", early, config), "object_attributes.closed_at");
  });
});

describe("GitLab event names", () => {
  it.each([
    ["Push Hook\0"],
    ["push"],
    ["Push"],
    [""],
    [`${"X".repeat(50)} Hook`],
    ["Issue Hook\uD800"],
    ["../etc Hook"],
  ])("refuses %j", (event) => {
    expectRefused(parseGitLabEvent(event, {}, config), "X-Gitlab-Event");
  });
});

describe("GitLab names that are also Object's members", () => {
  it("maps no environment, tier, project or event through an inherited name such as constructor", () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      const body = withField(withField(DEPLOYMENT, ["environment"], name), ["environment_tier"], null);
      expect(parseGitLabEvent("Deployment Hook", body, config)).toMatchObject({ ok: true, value: { kind: "ignored" } });
    }
    const named = withField(DEPLOYMENT, ["project", "path_with_namespace"], "constructor");
    const result = parseGitLabEvent("Deployment Hook", named, config);
    expect(result.ok && result.value.kind === "deployment" && result.value.deployment.service).toBe("constructor");
  });
});
