import { describe, expect, it } from "vitest";
import { pool, sqlTransaction } from "@/lib/db";
import { createChannel } from "@/lib/notifications/create-channel";
import { privateDatabaseForFile } from "@/test/private-database";
import { roleCtx, uniqueName } from "@/test/factories";
import { decideZombie } from "./decide-zombie";
import { getZombie } from "./get-zombie";
import { listZombies } from "./list-zombies";
import { notifyOwners } from "./notify-owners";
import { getZombieSavings } from "./savings";
import { type DetectedFinding, type Presence, storeFindings } from "./store-findings";
import { getTeardownPlan, listTeardownPlans } from "./teardown-plans";

// The teardown queue end to end on real PostgreSQL: scans store findings, owners are notified,
// FinOps decides (a production-like resource needs two people and its name typed), plans are
// written, and a teardown is verified once the resource is gone and the bill stops.

privateDatabaseForFile("zombie_queue");
const finops = roleCtx("finops");
const admin = roleCtx("admin");
const viewer = roleCtx("viewer");

function detected(overrides: Partial<DetectedFinding>): DetectedFinding {
  return {
    rule: "unattached-volume",
    resourceKey: "aws:ebs-volume:vol-0aaa",
    resourceId: "vol-0aaa",
    kind: "ebs-volume",
    provider: "aws",
    address: null,
    arn: null,
    name: "scratch",
    region: "eu-west-1",
    service: null,
    team: "payments",
    environment: "dev",
    owner: "payments",
    managed: false,
    monthlySavings: "12.5",
    currency: "USD",
    confidence: "high",
    protected: false,
    protectedReason: null,
    secondApproval: false,
    summary: "Volume vol-0aaa has been attached to nothing for 3 days.",
    evidence: { items: [{ name: "attachments", value: 0 }] },
    ...overrides,
  };
}

const volume = detected({});
const prodDb = detected({
  rule: "idle-database",
  resourceKey: "aws:rds-instance:ledger-prod",
  resourceId: "ledger-prod",
  kind: "rds-instance",
  address: "aws_db_instance.ledger",
  name: "ledger-prod",
  environment: "staging",
  monthlySavings: "400.10",
  secondApproval: true,
});
const guarded = detected({
  rule: "idle-compute",
  resourceKey: "aws:ec2-instance:i-0bbb",
  resourceId: "i-0bbb",
  kind: "ec2-instance",
  protected: true,
  protectedReason: "tagged vigil-protect=true",
});
const everything: Presence = {
  present: new Set([volume.resourceKey, prodDb.resourceKey, guarded.resourceKey]),
  billEnds: new Map([
    [volume.resourceId, { day: new Date("2026-12-01T00:00:00Z"), charged: true }],
    [prodDb.resourceId, { day: new Date("2026-12-01T00:00:00Z"), charged: true }],
  ]),
};
const RULES = ["unattached-volume", "idle-database", "idle-compute"];
const scan = (findings: DetectedFinding[], presence: Presence, now: Date) =>
  sqlTransaction((client) => storeFindings(client, findings, RULES, presence, now));
const idOf = async (key: string) => (await listZombies(viewer, { status: "all", q: key.split(":")[2] })).items[0].id;

describe("the zombie queue", () => {
  it("stores, notifies, decides, plans and verifies", async () => {
    const first = await scan([volume, prodDb, guarded], everything, new Date("2026-12-02T10:00:00Z"));
    expect(first).toMatchObject({ found: 3, new: 3, cleared: 0, verified: 0 });
    const again = await scan([volume, prodDb, guarded], everything, new Date("2026-12-02T11:00:00Z"));
    expect(again.new).toBe(0);

    await createChannel(admin, {
      name: uniqueName("zombie-hook"),
      kind: "webhook",
      url: "http://127.0.0.1:9/hook",
      secret: "a-long-enough-secret-123",
      routing: { teams: ["payments"] },
    });
    const notices = await notifyOwners(finops, new Date("2026-12-02T11:00:00Z"));
    // The protected one is never proposed, so its owner is not asked about it.
    expect(notices).toEqual({ notified: 2, failed: [] });
    const queued = await pool().query<{ notice: { source: string; url: string; summary: string } }>(
      "SELECT notice FROM notification_delivery WHERE notice->>'source' = 'zombies'",
    );
    expect(queued.rows[0].notice.url).toMatch(/\/zombies\?team=payments$/);
    expect(queued.rows[0].notice.summary).toMatch(/USD 412\.60 a month.*by 2026-12-09/);

    const volumeId = await idOf(volume.resourceKey);
    await expect(decideZombie(finops, volumeId, { action: "approve", reason: "" })).rejects.toMatchObject({
      status: 400,
      details: { field: "reason" },
    });
    await expect(decideZombie(viewer, volumeId, { action: "approve", reason: "idle" })).rejects.toMatchObject({
      status: 403,
    });
    const approved = await decideZombie(finops, volumeId, { action: "approve", reason: "scratch space, unused" });
    // An unmanaged volume gets the dry-run-first CLI script.
    expect(approved.status).toBe("planned");
    const plans = await listTeardownPlans(viewer, {});
    expect(plans.items).toHaveLength(1);
    const script = await getTeardownPlan(viewer, plans.items[0].id);
    expect(script.content).toContain("--dry-run");
    expect(script.content).toContain("vol-0aaa");

    const guardedId = await idOf(guarded.resourceKey);
    await expect(decideZombie(finops, guardedId, { action: "approve", reason: "x" })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/protected \(tagged vigil-protect=true\)/),
    });
  });

  it("needs two approvers and the typed name for a production-like resource", async () => {
    const id = await idOf(prodDb.resourceKey);
    await expect(decideZombie(finops, id, { action: "approve", reason: "no connections" })).rejects.toMatchObject({
      status: 400,
      details: { field: "confirm" },
    });
    const one = await decideZombie(finops, id, { action: "approve", reason: "no connections", confirm: "ledger-prod" });
    expect(one.status).toBe("notified");
    expect(one.approvals).toHaveLength(1);
    await expect(
      decideZombie(finops, id, { action: "approve", reason: "again", confirm: "ledger-prod" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/second approver/) });
    const two = await decideZombie(admin, id, { action: "approve", reason: "agreed", confirm: "ledger-prod" });
    expect(two.status).toBe("planned");
    const { history, plans } = await getZombie(viewer, id);
    expect(history.map((h) => h.action)).toEqual(["found", "notified", "approve (1 of 2)", "approve (2 of 2)"]);
    expect((await getTeardownPlan(viewer, plans[0].id)).content).toMatch(
      /removed \{\n\+  from = aws_db_instance\.ledger\n/,
    );
    const audit = await pool().query<{ action: string }>(
      "SELECT action FROM audit_entry WHERE target_type = 'zombie' ORDER BY seq",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(["zombie.approve", "zombie.approve", "zombie.approve"]);
  });

  it("snoozes until a date, then asks again", async () => {
    const id = await idOf(guarded.resourceKey);
    const at = new Date("2026-12-02T12:00:00Z");
    await expect(
      decideZombie(finops, id, { action: "snooze", reason: "quarter end", until: "2026-12-01T00:00:00Z" }, at),
    ).rejects.toMatchObject({ status: 400, details: { field: "until" } });
    const snoozed = await decideZombie(
      finops,
      id,
      { action: "snooze", reason: "quarter end", until: "2026-12-10T00:00:00Z" },
      at,
    );
    expect(snoozed).toMatchObject({ status: "snoozed", snoozedUntil: "2026-12-10T00:00:00.000Z" });
    await scan([volume, prodDb, guarded], everything, new Date("2026-12-09T00:00:00Z"));
    expect((await getZombie(viewer, id)).finding.status).toBe("snoozed");
    const woke = await scan([volume, prodDb, guarded], everything, new Date("2026-12-10T00:00:01Z"));
    expect(woke.woke).toBe(1);
    expect((await getZombie(viewer, id)).finding.status).toBe("new");
  });

  it("verifies a teardown once the resource is gone and the newest bill day after charges nothing", async () => {
    const id = await idOf(volume.resourceKey);
    await decideZombie(finops, id, { action: "done", reason: "applied in change 4711" });
    const gone: Presence = { ...everything, present: new Set([prodDb.resourceKey, guarded.resourceKey]) };
    // Gone from the inventory, but the bill has not yet covered a day after that.
    const seen = await scan([prodDb, guarded], gone, new Date("2026-12-12T09:00:00Z"));
    expect(seen.verified).toBe(0);
    expect((await getZombie(viewer, id)).finding).toMatchObject({ status: "done", goneAt: "2026-12-12T09:00:00.000Z" });
    const stillCharged: Presence = {
      ...gone,
      billEnds: new Map([[volume.resourceId, { day: new Date("2026-12-13T00:00:00Z"), charged: true }]]),
    };
    expect((await scan([prodDb, guarded], stillCharged, new Date("2026-12-13T09:00:00Z"))).verified).toBe(0);
    const billed: Presence = {
      ...gone,
      billEnds: new Map([[volume.resourceId, { day: new Date("2026-12-13T00:00:00Z"), charged: false }]]),
    };
    const later = await scan([prodDb, guarded], billed, new Date("2026-12-14T09:00:00Z"));
    expect(later.verified).toBe(1);
    const verified = (await getZombie(viewer, id)).finding;
    expect(verified).toMatchObject({ status: "verified", realisedSavings: "12.5" });
    const savings = await getZombieSavings(viewer, 90, new Date("2026-12-14T09:00:00Z"));
    expect(savings.totals).toEqual([
      { currency: "USD", estimated: "0", approved: "400.1", realised: "12.5", findings: 2 },
    ]);
    expect(savings.history.at(-1)).toMatchObject({ day: expect.any(String), realised: "12.5" });
  });

  it("clears an undecided finding the scan no longer sees, and keeps it out of the open list", async () => {
    const id = await idOf(guarded.resourceKey);
    const result = await scan([prodDb], everything, new Date("2026-12-15T09:00:00Z"));
    expect(result.cleared).toBe(1);
    const open = await listZombies(viewer, {});
    expect(open.items.map((f) => f.id)).not.toContain(id);
    expect((await getZombie(viewer, id)).finding.clearedAt).toBe("2026-12-15T09:00:00.000Z");
  });
});
