import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, fixtureText, withRaw } from "@/collectors/aws/aws-fixtures";
import { closeDb, pool } from "@/lib/db";
import { bearerKey, callRoute, chunkedBody, sessionCookie } from "@/test/http-callers";
import { publicUrl } from "@/lib/env";
import { ENTRY, postOutput, resourcesOf } from "./route-callers";

// The AWS CLI import end to end: the real handler, real PostgreSQL, callers with keys and sessions.

let iac: string;

const account = () => String(randomInt(100_000_000_000, 999_999_999_999));

const post = (command: string, body: BodyInit, query = "", auth = iac) => postOutput(command, body, query, auth);

/** The hand-made instances under an account of the test's own. */
function instances(
  owner: string,
  edit?: (doc: { Reservations: { OwnerId: string; Instances: Record<string, unknown>[] }[] }) => void,
) {
  const doc = fixture("hand-made/ec2-describe-instances.json") as {
    Reservations: { OwnerId: string; Instances: Record<string, unknown>[] }[];
  };
  doc.Reservations[0].OwnerId = owner;
  edit?.(doc);
  return JSON.stringify(doc);
}

async function importsOf(owner: string) {
  const { rows } = await pool().query(
    "SELECT count(*)::int AS n FROM cloud_inventory_import WHERE account = $1 OR detail::text LIKE $2",
    [owner, `%${owner}%`],
  );
  return rows[0].n as number;
}

describe("POST /api/v1/inventory/aws/{command} (PostgreSQL)", () => {
  beforeAll(async () => {
    iac = await bearerKey(["ingest:iac"]);
  });
  afterAll(closeDb);

  it("imports describe-instances, audited; the same file again changes nothing", async () => {
    const owner = account();
    const first = await post("ec2-describe-instances", instances(owner));
    expect(first.status).toBe(201);
    const result = await first.json();
    expect(result).toMatchObject({ kind: "ec2-instance", resources: 2, added: 2, changed: 0, unchanged: 0, gone: 0 });
    expect(result.scopes).toEqual([{ region: "eu-west-1", account: owner }]);
    const stored = await resourcesOf(owner);
    expect(stored.map((r) => [r.resourceId, r.state, r.stateSince, r.name])).toEqual([
      ["i-0a3f9c1d2b4e5f607", "running", "2026-11-30T07:12:44.000Z", "checkout-web-1"],
      ["i-07e6d5c4b3a291807", "stopped", "2026-09-14T18:22:09.000Z", "ml-experiment"],
    ]);
    expect(stored[1].facts).toMatchObject({ instanceType: "m5.xlarge", imageId: "ami-0c2d3e4f5a6b79800" });
    const audit = await pool().query("SELECT action, summary FROM audit_entry WHERE target_id = $1", [result.importId]);
    expect(audit.rows).toEqual([expect.objectContaining({ action: "inventory.import_aws" })]);

    const again = await (await post("ec2-describe-instances", instances(owner))).json();
    expect(again).toMatchObject({ added: 0, changed: 0, unchanged: 2, gone: 0 });
    const after = await resourcesOf(owner);
    const strip = (rows: typeof after) => rows.map(({ lastSeen: _l, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(stored));
    expect(after[0].lastSeen > stored[0].lastSeen).toBe(true);
  });

  it("an import is a snapshot of its kind and scope: what it no longer lists is gone, and comes back", async () => {
    const owner = account();
    await post("ec2-describe-instances", instances(owner));
    const fewer = await (
      await post(
        "ec2-describe-instances",
        instances(owner, (d) => d.Reservations[0].Instances.pop()),
      )
    ).json();
    expect(fewer).toMatchObject({ resources: 1, gone: 1 });
    expect((await resourcesOf(owner, false)).map((r) => r.resourceId)).toEqual(["i-0a3f9c1d2b4e5f607"]);
    const gone = (await resourcesOf(owner)).find((r) => r.resourceId === "i-07e6d5c4b3a291807");
    expect(gone?.goneAt).toMatch(/^\d{4}-/);
    // Another account's empty output leaves this one alone; this account's empty output clears it.
    expect(
      await (await post("ec2-describe-instances", '{"Reservations":[]}', `?account=${account()}`)).json(),
    ).toMatchObject({ gone: 0 });
    const empty = await (
      await post("ec2-describe-instances", '{"Reservations":[]}', `?account=${owner}&region=eu-west-1`)
    ).json();
    expect(empty).toMatchObject({ resources: 0, gone: 1 });
    const back = await (await post("ec2-describe-instances", instances(owner))).json();
    expect(back).toMatchObject({ added: 0, changed: 2, gone: 0 });
    expect((await resourcesOf(owner, false)).length).toBe(2);
  });

  it("a state change the output does not date is dated by the import that saw it", async () => {
    const owner = account();
    await post("ec2-describe-instances", instances(owner));
    const before = Date.now();
    const stopped = instances(owner, (d) => {
      d.Reservations[0].Instances[0].State = { Code: 80, Name: "stopped" };
    });
    expect(await (await post("ec2-describe-instances", stopped)).json()).toMatchObject({ changed: 1, unchanged: 1 });
    const web = (await resourcesOf(owner)).find((r) => r.resourceId === "i-0a3f9c1d2b4e5f607");
    expect(web?.state).toBe("stopped");
    expect(Date.parse(web?.stateSince ?? "")).toBeGreaterThanOrEqual(before - 1000);
    await post("ec2-describe-instances", stopped);
    const same = (await resourcesOf(owner)).find((r) => r.resourceId === "i-0a3f9c1d2b4e5f607");
    expect(same?.stateSince).toBe(web?.stateSince);
  });

  it("a malformed file is a 400 naming the JSON path, and nothing of it is imported", async () => {
    const owner = account();
    const doc = JSON.parse(instances(owner));
    const bad = withRaw(doc, ["Reservations", 0, "Instances", 1, "LaunchTime"], '"2026-02-30T25:00:00Z"');
    const response = await post("ec2-describe-instances", bad);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "bad_request", field: "Reservations[0].Instances[1].LaunchTime" });
    expect(error.message).toMatch(
      /^ec2-describe-instances: Reservations\[0\]\.Instances\[1\]\.LaunchTime: not an ISO 8601 time/,
    );
    expect(await resourcesOf(owner)).toEqual([]);
    expect(await importsOf(owner)).toBe(0);
    const dup = JSON.parse(instances(owner));
    dup.Reservations.push(dup.Reservations[0]);
    expect((await post("ec2-describe-instances", JSON.stringify(dup))).status).toBe(400);
    expect(await resourcesOf(owner)).toEqual([]);
  });

  it.each([
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400, /not valid UTF-8/],
    ["empty", "", 400, /not JSON|request body/],
    ["not JSON", "Reservations: []", 400, /not JSON/],
    ["NUL bytes", '{"Reservations":[]}\u0000', 400, /not JSON/],
  ])("a body that is %s is refused", async (_label, body, status, message) => {
    const response = await post("ec2-describe-instances", body as BodyInit);
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toMatch(message);
  });

  it("a 10 MB body is a 413, with or without a length, and stores nothing", async () => {
    const owner = account();
    const big = `{"Volumes":[],"Padding":"${"x".repeat(10 * 1024 * 1024)}"}`;
    const sized = await post("ec2-describe-volumes", big, `?account=${owner}`);
    expect(sized.status).toBe(413);
    expect((await sized.json()).error.message).toMatch(/over 8 MiB/);
    const chunked = await callRoute(ENTRY, {
      path: `/api/v1/inventory/aws/ec2-describe-volumes?account=${owner}`,
      headers: { authorization: iac },
      body: chunkedBody('{"Volumes":[],"Padding":"', 10 * 1024 * 1024),
    });
    expect(chunked.status).toBe(413);
    expect(await importsOf(owner)).toBe(0);
  });

  it("the largest accepted output: ~7.5 MiB of volumes in one transaction", { timeout: 120_000 }, async () => {
    const owner = account();
    const one = (
      fixture("custodian-ebs-metrics-percent/ec2-describe-volumes.json") as { Volumes: Record<string, unknown>[] }
    ).Volumes[0];
    const volumes = Array.from({ length: 30_000 }, (_, n) => ({
      ...one,
      VolumeId: `vol-${n.toString(16).padStart(17, "0")}`,
      Tags: [{ Key: "n", Value: String(n) }],
    }));
    const body = JSON.stringify({ Volumes: volumes });
    expect(body.length).toBeGreaterThan(7 * 1024 * 1024);
    expect(body.length).toBeLessThan(8 * 1024 * 1024);
    const response = await post("ec2-describe-volumes", body, `?account=${owner}`);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ resources: 30_000, added: 30_000 });
  });

  it("an unknown command is a 404 naming the commands; parameters are checked and named", async () => {
    const unknown = await post("ec2-describe-images", '{"Images":[]}');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(
      /ec2-describe-instances, ec2-describe-volumes, .*cloudwatch-get-metric-statistics/,
    );
    for (const [query, field] of [
      ["?region=mars-north-1x", "region"],
      ["?account=12345", "account"],
      ["?namespace=AWS/EC2", "namespace"],
      ["?period=60", "period"],
    ]) {
      const response = await post("ec2-describe-volumes", '{"Volumes":[]}', query);
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe(field);
    }
    const metric = await post(
      "cloudwatch-get-metric-statistics",
      fixtureText("custodian-ec2-metric/cloudwatch-get-metric-statistics.json"),
      "?namespace=AWS/EC2&metric=CPUUtilization",
    );
    expect((await metric.json()).error).toMatchObject({
      field: "dimension",
      message: expect.stringMatching(/is required/),
    });
  });

  it("needs ingest:iac: a read key is refused, a finops person may, nobody signed in is a 401", async () => {
    const body = '{"Volumes":[]}';
    const query = `?account=${account()}&region=eu-west-1`;
    expect((await post("ec2-describe-volumes", body, query, await bearerKey(["read"]))).status).toBe(403);
    expect((await callRoute(ENTRY, { path: `/api/v1/inventory/aws/ec2-describe-volumes${query}`, body })).status).toBe(
      401,
    );
    const cookie = await sessionCookie("finops");
    const person = await callRoute(ENTRY, {
      path: `/api/v1/inventory/aws/ec2-describe-volumes${query}`,
      headers: { cookie, origin: publicUrl() },
      body,
    });
    expect(person.status).toBe(201);
  });
});
