import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { utcDay } from "@/lib/time";
import { listOffHours } from "@/lib/zombies/list-offhours";
import { listZombies } from "@/lib/zombies/list-zombies";
import { teardownPlan } from "@/lib/zombies/teardown-plan";
import { roleCtx } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { loadDemoTraces } from "./demo-traces";
import {
  BATCH_INSTANCE,
  PREVIEW_ENV,
  PREVIEW_INSTANCE,
  PROD_IP,
  PROTECTED_INSTANCE,
  RECENT_SNAPSHOT,
  SANDBOX_ACCOUNT,
  SAVINGS_PLAN,
  STAGING_IP,
  STAGING_WORKER,
  STOPPED_INSTANCE,
  UNATTACHED_VOLUME,
} from "./demo-zombie-resources";
import { loadDemoZombies } from "./demo-zombies";
import { loadDemo } from "./load-demo";

// The whole demo as the launcher loads it (bill, traces, allocation, then the sandbox account and
// its scan), in a database of its own: the scan reads every resource there is.
beforeAll(async () => {
  await usePrivateDatabase("demozombies");
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const ctx = systemCtx("test");

async function loadAll(now: Date) {
  const demo = await loadDemo(ctx, utcDay(now));
  await loadDemoTraces(ctx, now.getTime(), 1, 31);
  await allocateCosts(ctx, demo.window);
  return loadDemoZombies(ctx, now);
}

interface Row {
  rule: string;
  resource_id: string;
  protected: boolean;
  second_approval: boolean;
  managed: boolean;
  address: string | null;
  monthly_savings: string | null;
  confidence: string;
  team: string | null;
  environment: string | null;
  cleared_at: Date | null;
}

async function findings(): Promise<Row[]> {
  const { rows } = await pool().query<Row>(
    `SELECT rule, resource_id, protected, second_approval, managed, address, monthly_savings::text, confidence, team,
       environment, cleared_at FROM zombie_finding ORDER BY rule, resource_id`,
  );
  return rows;
}

/** The findings the demo must give, by rule and resource, and how each is to be handled. */
const EXPECTED = [
  { rule: "idle-compute", id: PREVIEW_INSTANCE, protected: false, second: false, managed: true },
  { rule: "idle-environment", id: PREVIEW_INSTANCE, protected: false, second: false, managed: true },
  // payments-api served no requests in the preview environment while its instance billed there.
  { rule: "no-traffic", id: PREVIEW_INSTANCE, protected: false, second: false, managed: true },
  { rule: "stopped-instance", id: STOPPED_INSTANCE, protected: false, second: false, managed: false },
  { rule: "unassociated-ip", id: STAGING_IP, protected: false, second: false, managed: false },
  { rule: "unassociated-ip", id: PROD_IP, protected: false, second: true, managed: false },
  { rule: "unattached-volume", id: UNATTACHED_VOLUME, protected: false, second: false, managed: false },
  { rule: "unused-commitment", id: SAVINGS_PLAN.id, protected: false, second: false, managed: false },
];

const shape = (rows: Row[]) =>
  rows.map((r) => ({
    rule: r.rule,
    id: r.resource_id,
    protected: r.protected,
    second: r.second_approval,
    managed: r.managed,
  }));

describe("the demo's zombies (PostgreSQL)", () => {
  it("are found by the default thresholds, and nothing else is; a reload changes nothing", async () => {
    const now = new Date();
    const first = await loadAll(now);
    expect(first.scan.problems).toEqual([]);
    const found = await findings();
    expect(shape(found)).toEqual(EXPECTED);
    expect(found.every((f) => f.cleared_at === null)).toBe(true);

    // Owners come from the bill's allocation: the volume is risk's (fraud-scoring), in dev.
    const volume = found.find((f) => f.resource_id === UNATTACHED_VOLUME)!;
    expect(volume).toMatchObject({ team: "risk", environment: "dev", confidence: "high" });
    const preview = found.filter((f) => f.resource_id === PREVIEW_INSTANCE);
    for (const f of preview) expect(f).toMatchObject({ team: "payments", environment: PREVIEW_ENV });
    // About 30 days of a t3.large, and about half of the savings plan's commitment unused.
    expect(Number(preview[0].monthly_savings)).toBeGreaterThan(55);
    expect(Number(preview[0].monthly_savings)).toBeLessThan(65);
    const plan = await listZombies(roleCtx("viewer"), { rule: "unused-commitment" });
    const { items } = plan.items[0].evidence as { items: { name: string; value: number }[] };
    const percent = items.find((e) => e.name === "utilisation-percent:USD")!.value;
    expect(percent).toBeGreaterThan(45);
    expect(percent).toBeLessThan(55);

    // The stopped instance pays for its two volumes: 80 + 250 GiB of gp3 for 30 days.
    const stopped = found.find((f) => f.resource_id === STOPPED_INSTANCE)!;
    expect(stopped).toMatchObject({ monthly_savings: "26.037000000000000000", confidence: "high" });
    // The staging worker is used by day: it is no finding, but the one off-hours proposal.
    const offHours = await listOffHours(roleCtx("viewer"), {});
    expect(offHours.items.map((p) => [p.resourceId, p.environment, p.hourlyCost])).toEqual([
      [STAGING_WORKER, "staging", "0.0416"],
    ]);
    expect(Number(offHours.totals[0].monthlySaving)).toBeGreaterThan(0);

    // The preview's instance is in its Terraform state (a removed block); the rest get the CLI script.
    const plans = found.map(
      (f) =>
        teardownPlan(
          {
            key: f.resource_id,
            provider: "aws",
            kind: kindOf(f.resource_id),
            resourceId: f.resource_id,
            address: f.address ?? undefined,
            region: "us-east-1",
            tags: {},
            facts: {},
          },
          { rule: f.rule as never, now },
        ).kind,
    );
    expect(plans).toEqual([
      "terraform",
      "terraform",
      "terraform",
      "aws-cli",
      "aws-cli",
      "aws-cli",
      "aws-cli",
      "manual",
    ]);

    // The quiet batch instance, the staging worker and the recent snapshot have no finding at all; the protected
    // instance's is never in the queue of findings awaiting a decision unprotected.
    for (const id of [BATCH_INSTANCE, RECENT_SNAPSHOT, STAGING_WORKER])
      expect(found.filter((f) => f.resource_id === id)).toEqual([]);
    const open = await listZombies(roleCtx("viewer"), { limit: 100 });
    const undecided = open.items.filter((f) => !f.protected && ["new", "notified"].includes(f.status));
    expect(undecided.map((f) => f.resourceId)).not.toContain(PROTECTED_INSTANCE);
    expect(undecided).toHaveLength(EXPECTED.filter((e) => !e.protected).length);

    // The sandbox bill is an import of its own account: the main demo bill is still whole.
    const imports = await pool().query<{ file_name: string; status: string }>(
      "SELECT file_name, status FROM billing_import WHERE status = 'succeeded' ORDER BY file_name",
    );
    expect(imports.rows.map((r) => r.file_name)).toEqual(["vigil-demo-focus.csv", "vigil-demo-sandbox-focus.csv"]);
    const accounts = await pool().query<{ n: string }>(
      "SELECT count(*)::text AS n FROM cost_line WHERE billing_account_id = $1",
      [SANDBOX_ACCOUNT],
    );
    expect(Number(accounts.rows[0].n)).toBe(first.costLines);

    const second = await loadAll(now);
    expect(second.scan).toMatchObject({ found: EXPECTED.length, new: 0, cleared: 0 });
    expect(second.costLines).toBe(first.costLines);
    const again = await findings();
    expect(again).toEqual(found);
  }, 600_000);
});

function kindOf(id: string) {
  if (id.startsWith("i-")) return "ec2-instance" as const;
  if (id.startsWith("vol-")) return "ebs-volume" as const;
  if (id.startsWith("eipalloc-")) return "elastic-ip" as const;
  return "commitment" as const;
}
