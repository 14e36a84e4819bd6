import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { privateDatabaseForFile } from "@/test/private-database";
import { roleCtx } from "@/test/factories";
import { getLastScan, scanIfDue } from "./scan-if-due";
import { updateZombieSettings } from "./zombie-settings";

// The worker asks every minute: a scan runs at first, again when something it reads was imported
// or changed since, and at least hourly; otherwise it is skipped with why.

privateDatabaseForFile("zombie_scan_if_due");
const ctx = systemCtx("test");

describe("scanIfDue", () => {
  it("scans first, skips while nothing changed, and scans again after a change or an hour", async () => {
    const start = new Date();
    expect(await scanIfDue(ctx, start)).toHaveProperty("found", 0);
    expect((await getLastScan(roleCtx("viewer")))?.scannedAt).toBe(start.toISOString());
    expect(await scanIfDue(ctx, new Date(start.getTime() + 60_000))).toHaveProperty("skipped");
    await updateZombieSettings(roleCtx("finops"), { noTrafficDays: 20 });
    expect(await scanIfDue(ctx, new Date(Date.now() + 120_000))).toHaveProperty("found", 0);
    expect(await scanIfDue(ctx, new Date(Date.now() + 180_000))).toHaveProperty("skipped");
    expect(await scanIfDue(ctx, new Date(Date.now() + 2 * 3_600_000))).toHaveProperty("found", 0);
  });
});
