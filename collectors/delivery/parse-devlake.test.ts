import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BAD_TIMES, badText, expectRefused, withField } from "./adversarial-cases";
import { LIMITS } from "./fields";
import { parseDevLakeDeployment, parseDevLakeIncident } from "./parse-devlake";

const fixture = (file: string): unknown => JSON.parse(readFileSync(`${__dirname}/fixtures/${file}`, "utf8"));
const DEPLOYMENT = fixture("devlake-deployment.json");
const INCIDENT = fixture("devlake-incident.json");

describe("parseDevLakeDeployment", () => {
  it("reads DevLake's deployment body, times as the UTC instants they name", () => {
    const result = parseDevLakeDeployment(DEPLOYMENT);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const d = result.value;
    expect(d).toMatchObject({ externalId: "pipeline7", source: "devlake", service: "ledger", team: "payments" });
    expect(d).toMatchObject({ environment: "PRODUCTION", result: "SUCCESS", version: "ledger v2.14.0", hotfix: false });
    expect(d.startedAt.toISOString()).toBe("2026-11-02T10:00:00.000Z");
    expect(d.finishedAt.toISOString()).toBe("2026-11-02T10:12:30.250Z");
    expect(d.commits).toEqual([
      {
        repoUrl: "https://github.com/acme/ledger",
        commitSha: "015e3d3b480e417aede5a1293bd61de9b0fd051d",
        commitMsg: "Round interest to the cent",
        authoredAt: new Date("2026-11-01T16:45:00Z"),
        finishedAt: new Date("2026-11-02T10:12:30Z"),
      },
      {
        repoUrl: "https://github.com/acme/ledger",
        commitSha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        commitMsg: null,
        authoredAt: null,
        finishedAt: null,
      },
    ]);
  });

  it("defaults result and environment as DevLake does, and ignores unknown fields", () => {
    let body = withField(DEPLOYMENT, ["result"], undefined);
    body = withField(body, ["environment"], undefined);
    body = withField(body, ["somethingNew"], { nested: true });
    const result = parseDevLakeDeployment(body);
    expect(result.ok && [result.value.result, result.value.environment]).toEqual(["SUCCESS", "PRODUCTION"]);
  });

  it("takes DevLake's own sample rows (commit ids like 11, repo names like REPO333), kept as sent", () => {
    const body = {
      id: "pipeline7",
      service: "project1",
      result: "FAILURE",
      environment: "PRODUCTION",
      startedDate: "2022-09-13T07:54:39.000+00:00",
      finishedDate: "2022-09-22T06:51:47.000+00:00",
      deploymentCommits: [
        { repoUrl: "REPO111", commitSha: "11" },
        { repoUrl: "REPO333", commitSha: "12" },
      ],
    };
    const result = parseDevLakeDeployment(body);
    expect(result.ok && result.value.commits.map((c) => `${c.repoUrl}@${c.commitSha}`)).toEqual([
      "REPO111@11",
      "REPO333@12",
    ]);
    expect(result.ok && result.value.finishedAt.toISOString()).toBe("2022-09-22T06:51:47.000Z");
  });

  it("takes the largest allowed values", () => {
    let body = withField(DEPLOYMENT, ["id"], "i".repeat(LIMITS.id));
    body = withField(body, ["service"], "s".repeat(LIMITS.name));
    const commits = Array.from({ length: LIMITS.maxCommits }, (_, i) => ({
      repoUrl: "r",
      commitSha: i.toString(16).padStart(7, "0"),
    }));
    body = withField(body, ["deploymentCommits"], commits);
    const result = parseDevLakeDeployment(body);
    expect(result.ok && result.value.commits.length).toBe(LIMITS.maxCommits);
  });

  const cases: [string, (string | number)[], unknown][] = [
    ...badText(LIMITS.id).map(([why, v]): [string, (string | number)[], unknown] => [why, ["id"], v]),
    ...badText(LIMITS.name).map(([why, v]): [string, (string | number)[], unknown] => [why, ["service"], v]),
    ...badText(LIMITS.name).map(([why, v]): [string, (string | number)[], unknown] => [why, ["team"], v]),
    ...BAD_TIMES.map(([why, v]): [string, (string | number)[], unknown] => [why, ["startedDate"], v]),
    ...BAD_TIMES.map(([why, v]): [string, (string | number)[], unknown] => [why, ["finishedDate"], v]),
    ...BAD_TIMES.slice(0, -1).map(([why, v]): [string, (string | number)[], unknown] => [
      why,
      ["deploymentCommits", 0, "commitAuthoredDate"],
      v,
    ]),
    ...BAD_TIMES.slice(0, -1).map(([why, v]): [string, (string | number)[], unknown] => [
      why,
      ["deploymentCommits", 0, "finishedDate"],
      v,
    ]),
    ...badText(LIMITS.name).map(([why, v]): [string, (string | number)[], unknown] => [
      why,
      ["deploymentCommits", 0, "refName"],
      v,
    ]),
    ["missing id", ["id"], undefined],
    ["empty id", ["id"], ""],
    ["missing service", ["service"], undefined],
    ["missing startedDate", ["startedDate"], undefined],
    ["finished before started", ["finishedDate"], "2026-11-02T09:59:59.999Z"],
    ["unknown result", ["result"], "SUCCEEDED"],
    ["lower-case result", ["result"], "success"],
    ["unknown environment", ["environment"], "PROD"],
    ["environment as a number", ["environment"], 1],
    ["hotfix as text", ["hotfix"], "yes"],
    ["no commits", ["deploymentCommits"], []],
    ["commits not a list", ["deploymentCommits"], { 0: {} }],
    ["missing commits", ["deploymentCommits"], undefined],
    [
      "too many commits",
      ["deploymentCommits"],
      Array(LIMITS.maxCommits + 1).fill({ repoUrl: "r", commitSha: "abcdef0" }),
    ],
    ["commit not an object", ["deploymentCommits", 1], "abcdef0"],
    ["commit without sha", ["deploymentCommits", 1, "commitSha"], undefined],
    ["empty sha", ["deploymentCommits", 1, "commitSha"], ""],
    ["sha too long", ["deploymentCommits", 1, "commitSha"], "a".repeat(LIMITS.id + 1)],
    ["sha with a blank", ["deploymentCommits", 1, "commitSha"], "abc def"],
    ["sha with a newline", ["deploymentCommits", 1, "commitSha"], "abcdef0\n"],
    ["sha with NUL", ["deploymentCommits", 1, "commitSha"], "abcdef0\0"],
    ["sha with a lone surrogate", ["deploymentCommits", 1, "commitSha"], "abc\uD800"],
    ["sha as a number", ["deploymentCommits", 1, "commitSha"], 1234567],
    ["commit without repoUrl", ["deploymentCommits", 1, "repoUrl"], undefined],
    ["message too long", ["deploymentCommits", 0, "commitMsg"], "m".repeat(LIMITS.message + 1)],
    ["message with lone surrogate", ["deploymentCommits", 0, "commitMsg"], "fix \uDFFF"],
  ];

  it.each(cases)("refuses %s at %j", (_why, path, value) => {
    expectRefused(parseDevLakeDeployment(withField(DEPLOYMENT, path, value)), path.join("."));
  });

  it("refuses bodies that are not objects", () => {
    for (const body of [null, undefined, 42, "{}", [], true]) expectRefused(parseDevLakeDeployment(body), "(body)");
  });

  it("refuses the whole deployment for one bad commit, naming that commit", () => {
    const result = parseDevLakeDeployment(withField(DEPLOYMENT, ["deploymentCommits", 1, "commitSha"], "not a sha"));
    expect(result).toEqual({
      ok: false,
      errors: [{ field: "deploymentCommits.1.commitSha", reason: "must be a commit id without blanks" }],
    });
  });
});

describe("parseDevLakeIncident", () => {
  it("reads DevLake's issue body", () => {
    const result = parseDevLakeIncident(INCIDENT);
    expect(result).toEqual({
      ok: true,
      value: {
        externalKey: "INC-42",
        source: "devlake",
        service: "ledger",
        title: "Ledger writes failing",
        status: "DONE",
        severity: "SEV2",
        url: "https://tracker.example.com/INC-42",
        createdAt: new Date("2026-11-02T11:00:00Z"),
        resolvedAt: new Date("2026-11-02T12:30:00Z"),
      },
    });
  });

  it("keeps an open incident unresolved even when a resolutionDate is sent", () => {
    const result = parseDevLakeIncident(withField(INCIDENT, ["status"], "IN_PROGRESS"));
    expect(result.ok && result.value.resolvedAt).toBeNull();
  });

  const cases: [string, (string | number)[], unknown][] = [
    ...badText(LIMITS.id).map(([why, v]): [string, (string | number)[], unknown] => [why, ["issueKey"], v]),
    ...badText(LIMITS.title).map(([why, v]): [string, (string | number)[], unknown] => [why, ["title"], v]),
    ...badText(100).map(([why, v]): [string, (string | number)[], unknown] => [why, ["severity"], v]),
    ...BAD_TIMES.map(([why, v]): [string, (string | number)[], unknown] => [why, ["createdDate"], v]),
    ...BAD_TIMES.slice(0, -1).map(([why, v]): [string, (string | number)[], unknown] => [why, ["resolutionDate"], v]),
    ["missing issueKey", ["issueKey"], undefined],
    ["missing title", ["title"], undefined],
    ["missing service", ["service"], undefined],
    ["unknown status", ["status"], "RESOLVED"],
    ["missing status", ["status"], undefined],
    ["DONE without resolutionDate", ["resolutionDate"], undefined],
    ["resolved before created", ["resolutionDate"], "2026-11-02T10:59:59Z"],
    ["url not http", ["url"], "javascript:alert(1)"],
    ["url too long", ["url"], `https://x.example/${"a".repeat(LIMITS.url)}`],
  ];

  it.each(cases)("refuses %s at %j", (_why, path, value) => {
    expectRefused(parseDevLakeIncident(withField(INCIDENT, path, value)), path.join("."));
  });
});
