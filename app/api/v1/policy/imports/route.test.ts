import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { bearerKey, callRoute } from "@/test/http-callers";

// Scanner reports into the one finding model: the real handler, real PostgreSQL, an ingest:iac key.

const ENTRY = { method: "POST", route: "/api/v1/policy/imports" } as const;
const fixture = (name: string) => readFileSync(`collectors/policy/fixtures/${name}.json`, "utf8");
let iac: string;

const post = (query: string, body: BodyInit) =>
  callRoute(ENTRY, { path: `${ENTRY.route}?${query}`, headers: { authorization: iac }, body });

async function rowsOf(tool: string, name: string) {
  const { rows } = await pool().query(
    `SELECT rule_id, severity, address, file, line_start, line_end, status FROM policy_finding
     WHERE source_key = $1 ORDER BY rule_id, address`,
    [`${tool}:${name}`],
  );
  return rows;
}

describe("POST /api/v1/policy/imports (PostgreSQL)", () => {
  beforeAll(async () => {
    iac = await bearerKey(["ingest:iac"]);
  });
  afterAll(closeDb);

  it.each([
    [
      "checkov",
      2,
      {
        rule_id: "CKV_AWS_18",
        severity: "medium",
        address: "aws_s3_bucket.data",
        file: "/main.tf",
        line_start: 1,
        line_end: 12,
      },
    ],
    [
      "tfsec",
      2,
      {
        rule_id: "AVD-AWS-0086",
        severity: "high",
        address: "aws_s3_bucket.data",
        file: "/src/main.tf",
        line_start: 1,
        line_end: 12,
      },
    ],
    [
      "trivy",
      1,
      {
        rule_id: "AVD-AWS-0089",
        severity: "low",
        address: "aws_s3_bucket.data",
        file: "main.tf",
        line_start: 1,
        line_end: 12,
      },
    ],
    [
      "conftest",
      3,
      { rule_id: "main/S3_PUBLIC", severity: "critical", address: "aws_s3_bucket.data", file: "plan.json" },
    ],
  ])("imports a %s report's failures (%i) as findings with file and lines", async (format, count, expected) => {
    const name = `${uniqueName(format)}.json`;
    const response = await post(`format=${format}&name=${name}`, fixture(format));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ tool: format, findings: count, opened: count, resolved: 0 });
    const rows = await rowsOf(format, name);
    expect(rows).toHaveLength(count);
    expect(rows).toContainEqual(expect.objectContaining({ ...expected, status: "open" }));
  });

  it("a later report of the same file resolves what it no longer reports", async () => {
    const name = `${uniqueName("checkov")}.json`;
    await post(`format=checkov&name=${name}`, fixture("checkov"));
    const report = JSON.parse(fixture("checkov"));
    report.results.failed_checks = report.results.failed_checks.slice(0, 1);
    const response = await post(`format=checkov&name=${name}`, JSON.stringify(report));
    expect(await response.json()).toMatchObject({ findings: 1, opened: 0, resolved: 1 });
    expect((await rowsOf("checkov", name)).map((row) => row.status)).toEqual(["open", "resolved"]);
  });

  it.each([
    ["no format", "name=a.json", fixture("checkov"), /format: must be one of checkov, tfsec, trivy, conftest/],
    [
      "another tool's report",
      "format=trivy",
      fixture("checkov"),
      /trivy\.json: SchemaVersion: .*\(not a trivy JSON report\?\)/,
    ],
    [
      "truncated JSON",
      "format=tfsec",
      fixture("tfsec").slice(0, 200),
      /tfsec\.json: not JSON \(.* at line \d+, column \d+\)/,
    ],
    ["an empty body", "format=conftest", "", /not JSON/],
    ["a NUL in the name", "format=checkov&name=a%00.json", fixture("checkov"), /name: contains a NUL/],
    ["not UTF-8", "format=checkov", new Uint8Array([0xc3, 0x28]), /not UTF-8/],
  ])("refuses %s with a 400 naming where", async (_, query, body, pattern) => {
    const response = await post(query, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(pattern);
  });

  it("stores NUL and lone surrogates in a report's text as U+FFFD rather than failing", async () => {
    const report = JSON.parse(fixture("conftest"));
    report[0].failures[0].msg = "bad\u0000msg \ud800";
    const name = `${uniqueName("conftest")}.json`;
    const response = await post(`format=conftest&name=${name}`, JSON.stringify(report));
    expect(response.status).toBe(201);
    const { rows } = await pool().query("SELECT message FROM policy_finding WHERE source_key = $1 AND rule_id = $2", [
      `conftest:${name}`,
      "main/S3_PUBLIC",
    ]);
    expect(rows[0].message).toBe("bad\uFFFDmsg \uFFFD");
  });
});
