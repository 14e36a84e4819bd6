import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_STATE } from "@/collectors/iac/test-sample-state";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { iacFixture, postDriftImport } from "@/test/drift-api";
import { bearerKey, sessionCookie } from "@/test/http-callers";

// Every input of the drift import refused with a 400 naming where and why, never a 500, and
// nothing of a refused file kept; the caller's permission checked before the body is read.

const SHOW = iacFixture("terraform-show-drift.json");
const DRIFTCTL = iacFixture("driftctl-scan.json");

let ingest: string;
beforeAll(async () => {
  ingest = await bearerKey(["ingest:iac"]);
});
afterAll(closeDb);

const post = (query: string, body: BodyInit, headers: Record<string, string> = { authorization: ingest }) =>
  postDriftImport(query, body, headers);

const kept = async (workspace: string) =>
  Number(
    (
      await pool().query(
        "SELECT (SELECT count(*) FROM drift_import WHERE workspace = $1) + (SELECT count(*) FROM drift_record WHERE workspace = $1) AS n",
        [workspace],
      )
    ).rows[0].n,
  );

const plan = (patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(SHOW), ...patch });
const drift = (change: Record<string, unknown>, address = "aws_instance.a") =>
  plan({
    resource_drift: [{ address, mode: "managed", type: "aws_instance", change: { actions: ["update"], ...change } }],
  });
const version = JSON.stringify({ type: "version", terraform: "1.9.0", ui: "1.2" });

const CASES: [string, string, BodyInit, RegExp][] = [
  ["truncated JSON", "terraform-show", SHOW.slice(0, 800), /line \d+, column \d+.*not valid JSON/],
  [
    "wrong format_version",
    "terraform-show",
    plan({ format_version: "2.0" }),
    /format_version: "2.0" is not a supported version/,
  ],
  ["a number as format_version", "terraform-show", plan({ format_version: 1 }), /format_version: 1 is not a supported/],
  ["a Terraform state", "terraform-show", SAMPLE_STATE, /format_version: missing.*looks like a Terraform state/],
  ["a driftctl scan as a plan", "terraform-show", DRIFTCTL, /format_version: missing.*use format=driftctl/],
  ["a top-level array", "terraform-show", "[1,2]", /line 1, column 1: the file is not a JSON object/],
  ["an empty body", "terraform-show", "", /the file is empty/],
  ["not UTF-8", "terraform-show", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8 text/],
  [
    "NUL in an address",
    "terraform-show",
    drift({}, "aws_instance.a\u0000"),
    /at resource_drift\[0\]\.address: a string contains a NUL/,
  ],
  [
    "a lone surrogate in a value",
    "terraform-show",
    drift({ after: { ami: "\ud800" } }).replace("\\ud800", "\\ud800"),
    /lone surrogate/,
  ],
  [
    "a huge string",
    "terraform-show",
    drift({ after: { ami: "x".repeat(2 * 1024 * 1024) } }),
    /longer than 1048576 characters/,
  ],
  [
    "deep nesting",
    "terraform-show",
    drift({ after: JSON.parse(`${"[".repeat(100)}${"]".repeat(100)}`) }),
    /nested deeper than 64/,
  ],
  [
    "an unknown action",
    "terraform-show",
    drift({ actions: ["explode"] }),
    /resource_drift\[0\]\.change\.actions\[0\]: must be one of/,
  ],
  ["an address too long", "terraform-show", drift({}, "a".repeat(3000)), /resource_drift\[0\]\.address: must be/],
  [
    "resource_drift not an array",
    "terraform-show",
    plan({ resource_drift: {} }),
    /at resource_drift: must be an array/,
  ],
  [
    "a stream without its version message",
    "terraform-plan-jsonl",
    '{"type":"planned_change"}\n',
    /line 1: not a `terraform plan -json` stream/,
  ],
  ["a stream line that is not JSON", "terraform-plan-jsonl", `${version}\n{}\n{oops\n`, /line 3: not JSON/],
  [
    "a stream with an unknown action",
    "terraform-plan-jsonl",
    `${version}\n${JSON.stringify({ type: "resource_drift", change: { resource: { addr: "a.b" }, action: "boom" } })}\n`,
    /line 2: change\.action/,
  ],
  [
    "a stream UI version 3",
    "terraform-plan-jsonl",
    '{"type":"version","ui":"3.0"}\n',
    /line 1: ui: must be a UI version/,
  ],
  [
    "a NUL in a stream",
    "terraform-plan-jsonl",
    `${version}\n{"type":"log","@message":"a\\u0000"}\n`,
    /line 2: contains a NUL/,
  ],
  [
    "a lone surrogate in a stream",
    "terraform-plan-jsonl",
    `${version}\n{"type":"log","@message":"\\ud800"}\n`,
    /line 2: contains a lone surrogate/,
  ],
  [
    "deep nesting in a stream",
    "terraform-plan-jsonl",
    `${version}\n{"type":"log","x":${"[".repeat(100)}${"]".repeat(100)}}\n`,
    /line 2: nested deeper than 64/,
  ],
  [
    "a stream line too long",
    "terraform-plan-jsonl",
    `${version}\n{"type":"log","x":"${"y".repeat(5 * 1024 * 1024)}"}\n`,
    /line 2: longer than 4194304 characters/,
  ],
  [
    "a scan whose summary disagrees",
    "driftctl",
    JSON.stringify({ ...JSON.parse(DRIFTCTL), summary: { ...JSON.parse(DRIFTCTL).summary, total_unmanaged: 3 } }),
    /summary\.total_unmanaged: says 3 but the unmanaged array holds 2/,
  ],
  [
    "a scan whose coverage disagrees",
    "driftctl",
    JSON.stringify({ ...JSON.parse(DRIFTCTL), coverage: 50 }),
    /coverage: says 50 but managed \/ total is 33/,
  ],
  ["a plan as a scan", "driftctl", SHOW, /summary: missing, so this is not a driftctl scan.*terraform-show/],
  [
    "a scan resource without id",
    "driftctl",
    JSON.stringify({ ...JSON.parse(DRIFTCTL), managed: [{ type: "x" }, { id: "y", type: "x" }] }),
    /managed\[0\]\.id/,
  ],
];

describe("drift import refusals (PostgreSQL)", () => {
  it.each(CASES)("%s: 400 naming where, nothing kept", async (_name, format, body, message) => {
    const workspace = uniqueName("ws");
    const result = await post(`format=${format}&workspace=${workspace}`, body);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toMatch(message);
    expect(await kept(workspace)).toBe(0);
  });

  it.each([
    ["no format", "workspace=x", /format: must be one of terraform-show, terraform-plan-jsonl, driftctl/],
    ["an unknown format", "format=csv", /format: must be one of/],
    ["a NUL in the workspace", "format=driftctl&workspace=a%00b", /workspace: must not contain NUL/],
    ["a workspace too long", `format=driftctl&workspace=${"w".repeat(201)}`, /workspace: must be 1 to 200 characters/],
    ["a name too long", `format=driftctl&name=${"n".repeat(501)}`, /name: must be 1 to 500 characters/],
  ])("%s: 400 naming the parameter", async (_name, query, message) => {
    const result = await post(query, DRIFTCTL);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toMatch(message);
  });

  it("people and keys without ingest:iac are refused; finops and sre may import", async () => {
    const workspace = uniqueName("ws");
    const query = `format=driftctl&workspace=${workspace}`;
    expect((await post(query, DRIFTCTL, { authorization: await bearerKey(["read"]) })).status).toBe(403);
    expect((await post(query, DRIFTCTL, { cookie: await sessionCookie("viewer") })).status).toBe(403);
    expect(await kept(workspace)).toBe(0);
    expect((await post(query, DRIFTCTL, { cookie: await sessionCookie("finops") })).status).toBe(201);
    const sre = await post(`${query}-sre`, DRIFTCTL, { cookie: await sessionCookie("sre") });
    expect(sre.status).toBe(201);
    const audit = await pool().query(
      "SELECT summary FROM audit_entry WHERE action = 'drift.import' AND target_id = $1",
      [sre.body.importId],
    );
    expect(audit.rows[0].summary).toMatchObject({ workspace: `${workspace}-sre`, unmanaged: 2, missing: 2 });
  });
});
