import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { driftKeys, getDrift, iacFixture, listDrift, postDriftImport } from "@/test/drift-api";
import { uniqueName } from "@/test/factories";

// The drift API over HTTP with real PostgreSQL: the upstream samples give their known answers,
// a re-import changes nothing, a later clean plan resolves, and a refused file keeps nothing.

const SHOW = iacFixture("terraform-show-drift.json");
const DRIFTCTL = iacFixture("driftctl-scan.json");

let ingest: string;
let reader: string;

beforeAll(async () => {
  ({ ingest, reader } = await driftKeys());
});
afterAll(closeDb);

const post = (query: string, body: string, authorization = ingest) => postDriftImport(query, body, { authorization });

async function open(workspace: string, extra = "") {
  const response = await listDrift(`workspace=${workspace}${extra}`, reader);
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Record<string, unknown>[]; next: string | null };
}

const detail = (id: string) => getDrift(id, reader);

const importsOf = async (workspace: string) =>
  Number((await pool().query("SELECT count(*) FROM drift_import WHERE workspace = $1", [workspace])).rows[0].count);

/** The sample with a timestamp, as Terraform 1.5+ writes one, and its drift and changes replaced. */
function show(at: string, drift: unknown[] = JSON.parse(SHOW).resource_drift, changes?: unknown[]) {
  const plan = JSON.parse(SHOW);
  return JSON.stringify({
    ...plan,
    timestamp: at,
    resource_drift: drift,
    resource_changes: changes ?? plan.resource_changes,
  });
}

describe("drift imports (PostgreSQL)", () => {
  it("terraform-show-json-drift: exactly one drifted resource; no_refresh only a planned update", async () => {
    const workspace = uniqueName("ws");
    const result = await post(`format=terraform-show&workspace=${workspace}&name=output.json`, SHOW);
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ drifted: 1, unmanaged: 0, missing: 0, planned: 2, duplicate: false });
    const { items } = await open(workspace);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      address: "test_instance.should_refresh",
      kind: "changed",
      changes: [{ path: "ami", before: "refresh-me", after: "refreshed" }],
      cause: "manual-change",
      status: "open",
    });
    const one = await detail(items[0].id as string);
    expect(one.status).toBe(200);
    expect(one.body.timeline.map((event: { event: string }) => event.event)).toEqual(["detected", "planned"]);
    expect(one.body.pendingChange).toMatchObject({ actions: ["update"], replace: false });
    const planned = await pool().query(
      "SELECT address, changes FROM drift_planned WHERE workspace = $1 AND resolved_at IS NULL ORDER BY address",
      [workspace],
    );
    expect(planned.rows[0]).toEqual({
      address: "test_instance.no_refresh",
      changes: [{ path: "ami", before: "foo", after: "bar" }],
    });
  });

  it("a re-import changes nothing; a later clean plan resolves the drift and its timeline says so", async () => {
    const workspace = uniqueName("ws");
    const first = await post(`format=terraform-show&workspace=${workspace}`, show("2026-11-01T10:00:00Z"));
    const before = await open(workspace);
    const again = await post(`format=terraform-show&workspace=${workspace}`, show("2026-11-01T10:00:00Z"));
    expect(again.body).toMatchObject({ importId: first.body.importId, duplicate: true, drifted: 1 });
    expect(await open(workspace)).toEqual(before);
    expect(await importsOf(workspace)).toBe(1);

    // A later plan showing the same drift moves last seen on and adds no event.
    await post(`format=terraform-show&workspace=${workspace}`, show("2026-11-01T16:00:00Z"));
    const later = (await open(workspace)).items;
    expect(later).toEqual([{ ...before.items[0], lastSeen: "2026-11-01T16:00:00.000Z" }]);
    const events = (await detail(later[0].id as string)).body.timeline.map((event: { event: string }) => event.event);
    expect(events).toEqual(["detected", "planned"]);

    const clean = await post(`format=terraform-show&workspace=${workspace}`, show("2026-11-02T10:00:00Z", [], []));
    expect(clean.body).toMatchObject({ drifted: 0, resolved: 1 });
    expect((await open(workspace)).items).toEqual([]);
    const resolved = await open(workspace, "&status=resolved");
    expect(resolved.items).toHaveLength(1);
    expect(resolved.items[0]).toMatchObject({
      resolvedAt: "2026-11-02T10:00:00.000Z",
      firstSeen: "2026-11-01T10:00:00.000Z",
    });
    const timeline = (await detail(resolved.items[0].id as string)).body.timeline;
    expect(timeline.map((event: { event: string }) => event.event)).toEqual([
      "detected",
      "planned",
      "resolved",
      "applied",
    ]);
  });

  it("the driftctl scan: counts and coverage equal its arrays (6, 2 managed, 2 unmanaged, 2 missing, 33%)", async () => {
    const workspace = uniqueName("ws");
    const result = await post(`format=driftctl&workspace=${workspace}`, DRIFTCTL);
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      drifted: 0,
      unmanaged: 2,
      missing: 2,
      summary: { managed: 2, unmanaged: 2, missing: 2, total: 6, coverage: 33 },
    });
    const unmanaged = await open(workspace, "&kind=unmanaged");
    expect(unmanaged.items.map((item) => item.cloudId).sort()).toEqual(["unmanaged-id-1", "unmanaged-id-2"]);
    const missing = await open(workspace, "&kind=missing");
    expect(missing.items.map((item) => item.address).sort()).toEqual([
      "aws_deleted_resource.deleted-id-2",
      "module.aws_deleted_resource.name",
    ]);
  });

  it("pages through open drift with limit and cursor", async () => {
    const workspace = uniqueName("ws");
    const drift = Array.from({ length: 5 }, (_, i) => ({
      address: `aws_instance.web[${i}]`,
      mode: "managed",
      type: "aws_instance",
      change: { actions: ["update"], before: { instance_type: "t3.small" }, after: { instance_type: "t3.large" } },
    }));
    const imported = await post(
      `format=terraform-show&workspace=${workspace}`,
      show("2026-11-03T00:00:00Z", drift, []),
    );
    expect(imported.body).toMatchObject({ drifted: 5 });
    const seen: string[] = [];
    let cursor: string | null = "";
    for (let page = 0; cursor !== null && page < 10; page += 1) {
      const result = await open(workspace, `&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((item) => item.address as string));
      cursor = result.next;
    }
    expect(seen.sort()).toEqual(drift.map((d) => d.address).sort());
    const first = (await open(workspace, "&limit=1")).items[0];
    expect(first.costImpact).toMatchObject({
      sizeChanges: [{ path: "instance_type", before: "t3.small", after: "t3.large" }],
    });
  });
});
