import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { drainDeliveryInbox } from "@/lib/delivery/drain-delivery-inbox";
import { queueDeliveryEvent } from "@/lib/delivery/queue-delivery-event";
import { listRejectedEvents } from "@/lib/delivery/rejected-events";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { storeDeliveryInbox } from "@/lib/delivery/store-delivery-inbox";
import { readDatabaseUrl } from "@/lib/env";
import { roleCtx, uniqueName } from "@/test/factories";

// The queue behind `Prefer: respond-async` against PostgreSQL: what was acknowledged is committed,
// survives a worker dying mid-run, is stored in arrival order per key, and one bad record is set
// aside without holding up the rest. Other files may queue at the same time: every check names its own keys.

const ctx = systemCtx("test");
const ROUTE = "POST /api/v1/delivery/deployments";

function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    externalId: uniqueName("inbox"),
    source: "devlake",
    service: uniqueName("svc"),
    team: "payments",
    environment: "PRODUCTION",
    result: "SUCCESS",
    startedAt: new Date("2026-11-02T10:00:00Z"),
    finishedAt: new Date("2026-11-02T10:12:30.250Z"),
    version: "v1",
    author: null,
    hotfix: false,
    commits: [
      {
        repoUrl: "https://github.com/acme/ledger",
        commitSha: uniqueName("sha"),
        commitMsg: null,
        authoredAt: new Date("2026-11-01T16:45:00Z"),
      },
    ],
    ...overrides,
  };
}

const incident = (): Incident => ({
  externalKey: uniqueName("INC"),
  source: "devlake",
  service: uniqueName("svc"),
  title: "Checkout down",
  status: "DONE",
  severity: "P1",
  url: null,
  createdAt: new Date("2026-11-02T11:00:00Z"),
  resolvedAt: new Date("2026-11-02T11:30:00Z"),
});

async function storeAll(): Promise<void> {
  for (let run = 0; run < 20; run++) {
    const { stored, rejected, failed } = await storeDeliveryInbox(ctx);
    if (stored + rejected + failed === 0) return;
  }
}

async function stored(externalId: string) {
  const { rows } = await pool().query<{ result: string; finished_at: Date; commits: number }>(
    `SELECT result, finished_at, (SELECT count(*)::int FROM delivery_deployment_commit c WHERE c.deployment_id = d.id) AS commits
       FROM delivery_deployment d WHERE source = 'devlake' AND external_id = $1`,
    [externalId],
  );
  return rows;
}

const queued = async (ids: (string | null)[]) =>
  (await pool().query("SELECT id FROM delivery_inbox WHERE id = ANY ($1::bigint[])", [ids])).rowCount;

describe("storeDeliveryInbox (PostgreSQL)", () => {
  afterAll(closeDb);

  it("stores queued deployments and incidents as the verbs would, then deletes them from the queue", async () => {
    const d = deployment();
    const i = incident();
    const ids = [
      await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: d }),
      await queueDeliveryEvent(ctx, "POST /api/v1/delivery/incidents", { kind: "incident", record: i }),
    ];
    expect(await stored(d.externalId)).toEqual([]);
    await storeAll();
    expect(await stored(d.externalId)).toEqual([
      { result: "SUCCESS", finished_at: new Date("2026-11-02T10:12:30.250Z"), commits: 1 },
    ]);
    const incidents = await pool().query("SELECT status FROM delivery_incident WHERE external_key = $1", [
      i.externalKey,
    ]);
    expect(incidents.rows).toEqual([{ status: "DONE" }]);
    expect(await queued(ids)).toBe(0);
  });

  it("the worker's minute (drainDeliveryInbox) stores what is queued and ends when its time is up", async () => {
    const d = deployment();
    await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: d });
    const started = Date.now();
    const totals = await drainDeliveryInbox(ctx, { forMs: 300, pollMs: 50 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(totals.stored).toBeGreaterThanOrEqual(1);
    expect(await stored(d.externalId)).toHaveLength(1);
  });

  it("stores a key's events in the order they came, however many are queued at once", async () => {
    const first = deployment();
    const versions = ["v2", "v3", "v4", "v5", "v6"];
    await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: first });
    for (const version of versions)
      await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: { ...first, version } });
    await storeAll();
    const { rows } = await pool().query("SELECT version FROM delivery_deployment WHERE external_id = $1", [
      first.externalId,
    ]);
    expect(rows).toEqual([{ version: "v6" }]);
  });

  it("sets aside a record PostgreSQL refuses, in the rejected events, and stores the rest of its batch", async () => {
    const good = [deployment(), deployment()];
    const bad = deployment({ service: "svc\u0000nul" });
    const ids = [
      await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: good[0] }),
      await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: bad }),
      await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: good[1] }),
    ];
    await storeAll();
    for (const d of good) expect(await stored(d.externalId)).toHaveLength(1);
    expect(await stored(bad.externalId)).toEqual([]);
    expect(await queued(ids)).toBe(0);
    const { items } = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
    const kept = items.find((item) => item.bodyExcerpt.includes(bad.externalId));
    expect(kept).toMatchObject({ route: ROUTE, source: "devlake", event: "deployment", sender: "system:test" });
    expect(kept?.errors[0].field).toBe("(record)");
  });

  it("retries an unreadable record a few times, then sets it aside; the rows after it are not held up", async () => {
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO delivery_inbox (kind, route, sender, record) VALUES ('deployment', $1, 'key-x', '{"externalId": "cut off') RETURNING id::text`,
      [ROUTE],
    );
    const after = deployment();
    await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: after });
    await storeDeliveryInbox(ctx);
    expect(await stored(after.externalId)).toHaveLength(1);
    // Still queued with why (unless another file's run has already used up its attempts).
    const left = await pool().query("SELECT attempts, last_error FROM delivery_inbox WHERE id = $1", [rows[0].id]);
    for (const row of left.rows)
      expect(row).toMatchObject({ attempts: expect.any(Number), last_error: expect.stringMatching(/JSON/) });
    await storeAll();
    expect(await queued([rows[0].id])).toBe(0);
    const { items } = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
    expect(items.some((item) => item.bodyExcerpt === '{"externalId": "cut off' && item.sender === "key-x")).toBe(true);
  });

  it("keeps what was acknowledged when a worker dies holding it, and the next run stores it", async () => {
    const d = deployment();
    const id = await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: d });
    if (!id) throw new Error("not queued");
    // A worker that took the row and died before committing: its connection is cut mid-transaction.
    const worker = new pg.Client({ connectionString: readDatabaseUrl() });
    worker.on("error", () => {});
    await worker.connect();
    await worker.query("BEGIN");
    await worker.query("SELECT id FROM delivery_inbox WHERE id = $1 FOR UPDATE", [id]);
    await worker.query("DELETE FROM delivery_inbox WHERE id = $1", [id]);
    const { rows } = await worker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await pool().query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
    await worker.end().catch(() => {});
    expect(await queued([id])).toBe(1);
    await storeAll();
    expect(await stored(d.externalId)).toHaveLength(1);
  });

  it("appends nothing once the queue holds maxQueued events: the caller stores the event itself", async () => {
    // One queued event that no run can take meanwhile: held by an open transaction, deleted after.
    const holder = new pg.Client({ connectionString: readDatabaseUrl() });
    await holder.connect();
    try {
      const { rows } = await holder.query<{ id: string }>(
        "INSERT INTO delivery_inbox (kind, route, sender, record) VALUES ('incident', $1, 'test', '{}') RETURNING id::text",
        [ROUTE],
      );
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM delivery_inbox WHERE id = $1 FOR UPDATE", [rows[0].id]);
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // the depth is read once a second
      const d = deployment();
      expect(await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: d }, 1)).toBeNull();
      const found = await pool().query("SELECT id FROM delivery_inbox WHERE record LIKE $1", [`%${d.externalId}%`]);
      expect(found.rowCount).toBe(0);
      expect(await queueDeliveryEvent(ctx, ROUTE, { kind: "deployment", record: d }, 1_000_000)).toMatch(/^\d+$/);
      await holder.query("DELETE FROM delivery_inbox WHERE id = $1", [rows[0].id]);
      await holder.query("COMMIT");
    } finally {
      await holder.end();
    }
  });
});
