import { describe, expect, it } from "vitest";
import type { CloudResourceRecord } from "@/lib/cloud-inventory/schemas";
import { importCloudResources } from "@/lib/cloud-inventory/import-cloud-resources";
import { systemCtx } from "@/lib/context";
import { addDays, utcDay } from "@/lib/time";
import { costLine, recordCostLines, roleCtx } from "@/test/factories";
import { privateDatabaseForFile } from "@/test/private-database";
import { listOffHours } from "./list-offhours";
import { listZombies } from "./list-zombies";
import { scanZombies } from "./scan-zombies";

// Off-hours proposals through the scan on real PostgreSQL: an inventory and a bill go in, the scan
// proposes a schedule for the running non-production compute that is no finding, and the verb
// pages through them with totals per currency. A stopped instance's finding counts its volumes.

privateDatabaseForFile("zombie_offhours");
const ctx = systemCtx("test");
const viewer = roleCtx("viewer");
// 15 March 2026: March in UTC has 480 off hours on the default schedule.
const NOW = new Date("2026-03-15T12:00:00Z");
const TODAY = utcDay(NOW);
const ago = (days: number) => `${addDays(TODAY, -days)}T08:00:00.000Z`;

function record(kind: CloudResourceRecord["kind"], id: string, state: string, over: Partial<CloudResourceRecord> = {}) {
  return {
    kind,
    resourceId: id,
    arn: null,
    account: "111122223333",
    region: "eu-west-1",
    name: id,
    state,
    stateSince: ago(100),
    createdAt: ago(200),
    tags: { env: "dev" },
    facts: {},
    ...over,
  } as CloudResourceRecord;
}

const instances = [
  record("ec2-instance", "i-0dev", "running", { facts: { volumeIds: ["vol-0devroot"] } as never }),
  record("ec2-instance", "i-0prod", "running", { tags: { env: "prod" } }),
  record("ec2-instance", "i-0recentstop", "stopped", { stateSince: ago(5) }),
  record("ec2-instance", "i-0expired", "running", { tags: { env: "dev", expires: "2026-01-01" } }),
  record("ec2-instance", "i-0guarded", "running", { tags: { env: "qa", "vigil-protect": "true" } }),
  record("ec2-instance", "i-0unbilled", "running"),
  record("ec2-instance", "i-0oldstop", "stopped", {
    stateSince: ago(60),
    facts: { volumeIds: ["vol-0oldroot", "vol-0olddata"] } as never,
  }),
];
const attached = { "vol-0devroot": "i-0dev", "vol-0oldroot": "i-0oldstop", "vol-0olddata": "i-0oldstop" };
const volumes = Object.entries(attached).map(([id, instance]) =>
  record("ebs-volume", id, "in-use", { facts: { attachedInstanceIds: [instance], iops: 3000 } as never }),
);
const databases = [
  record("rds-instance", "db-staging", "available", { tags: { env: "staging" } }),
  record("rds-instance", "db-dev-stopped", "stopped"),
];

/** `daily` a day for the last 30 complete days, in the currency given. */
const billed = (resourceId: string, daily: string, billingCurrency = "USD") =>
  Array.from({ length: 30 }, (_, i) =>
    costLine(addDays(TODAY, i - 30), { resourceId, effectiveCost: daily, billedCost: daily, billingCurrency }),
  );

async function load() {
  const given = { region: "eu-west-1", account: "111122223333" };
  const snapshot = (kind: CloudResourceRecord["kind"], resources: CloudResourceRecord[]) => async () => ({
    kind,
    resources,
  });
  await importCloudResources(ctx, {
    command: "ec2-describe-instances",
    given,
    read: snapshot("ec2-instance", instances),
  });
  await importCloudResources(ctx, { command: "ec2-describe-volumes", given, read: snapshot("ebs-volume", volumes) });
  await importCloudResources(ctx, {
    command: "rds-describe-db-instances",
    given,
    read: snapshot("rds-instance", databases),
  });
  await recordCostLines(ctx, {
    source: "offhours-test",
    lines: [
      ...billed("i-0dev", "2.4"),
      ...billed("vol-0devroot", "0.1"),
      ...billed("i-0prod", "9.6"),
      ...billed("i-0recentstop", "1"),
      ...billed("i-0expired", "1"),
      ...billed("i-0guarded", "1"),
      ...billed("vol-0oldroot", "0.2104"),
      ...billed("vol-0olddata", "0.6575", "EUR"),
      ...billed("db-staging", "4.8", "EUR"),
      ...billed("db-dev-stopped", "3"),
    ],
  });
  return scanZombies(ctx, NOW);
}

describe("listOffHours (PostgreSQL)", () => {
  it("proposes a schedule for running non-production compute that is no finding, and pages through it", async () => {
    const scan = await load();
    expect(scan.offHours).toBe(2);
    const all = await listOffHours(viewer, {});
    // Not proposed: production, stopped, an expired finding, protected, unbilled, a volume.
    expect(
      all.items.map((p) => [p.resourceId, p.kind, p.environment, p.currency, p.hourlyCost, p.monthlySaving]),
    ).toEqual([
      ["db-staging", "rds-instance", "staging", "EUR", "0.2", "96"],
      ["i-0dev", "ec2-instance", "dev", "USD", "0.1", "48"],
    ]);
    expect(all.items[0]).toMatchObject({
      schedule: { offHour: 19, onHour: 7, weekends: true, timezone: "UTC" },
      month: "2026-03",
      offHours: 480,
      hoursInMonth: 744,
    });
    // One total per currency, never added together.
    expect(all.totals).toEqual([
      { currency: "EUR", monthlySaving: "96", resources: 1 },
      { currency: "USD", monthlySaving: "48", resources: 1 },
    ]);
    expect(all.scannedAt).toBe(NOW.toISOString());
    expect(all.nextCursor).toBeNull();

    const first = await listOffHours(viewer, { limit: 1 });
    expect(first.items.map((p) => p.resourceId)).toEqual(["db-staging"]);
    const second = await listOffHours(viewer, { limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.resourceId)).toEqual(["i-0dev"]);
    expect(second.nextCursor).toBeNull();
    expect(second.totals).toEqual(all.totals);

    // The expired instance is a finding instead; a rescan replaces the proposals, it does not add to them.
    const expired = await listZombies(viewer, { rule: "expired" });
    expect(expired.items.map((f) => f.resourceId)).toEqual(["i-0expired"]);
    await scanZombies(ctx, NOW);
    expect((await listOffHours(viewer, {})).items).toHaveLength(2);
  });

  it("gives a stopped instance the saving of its volumes, in each currency", async () => {
    const stopped = await listZombies(viewer, { rule: "stopped-instance" });
    expect(stopped.items.map((f) => [f.resourceId, f.monthlySavings, f.currency])).toEqual([
      ["i-0oldstop", "19.725", "EUR"],
    ]);
    const savings = (stopped.items[0].evidence as { savings: { currency: string; amount: string }[] }).savings;
    expect(savings.map((s) => [s.currency, s.amount])).toEqual([
      ["EUR", "19.725"],
      ["USD", "6.312"],
    ]);
  });

  it("refuses a bad limit or cursor naming it", async () => {
    await expect(listOffHours(viewer, { limit: 0 })).rejects.toMatchObject({ code: "bad_request" });
    await expect(listOffHours(viewer, { cursor: "not a cursor" })).rejects.toThrow(/cursor/);
  });
});
