import { roleCtx } from "@/test/factories";
import { afterAll, describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { closeDb, db } from "@/lib/db";
import { getOverview } from "@/lib/overview/get-overview";
import { sumMoney, toScaled } from "@/lib/decimal";
import { utcDay } from "@/lib/time";
import { demoCostLines } from "./demo-cost-lines";
import { DEMO_SERVICES } from "./demo-platform";
import { DEMO_FILE, loadDemo } from "./load-demo";

describe("loadDemo (PostgreSQL)", () => {
  afterAll(closeDb);

  it("loads the platform so the overview shows every demo service and the bill to the cent, twice over", async () => {
    const now = new Date();
    const today = utcDay(now);
    const expected = sumMoney(demoCostLines(today).map((line) => line.billedCost));
    const first = await loadDemo(systemCtx("test"), today);
    const second = await loadDemo(systemCtx("test"), today);
    expect(second).toEqual(first);
    expect(toScaled(first.billedCost)).toBe(toScaled(expected));
    const demoImport = await db().billingImport.findFirst({
      where: { fileName: DEMO_FILE, status: "succeeded" },
      orderBy: { createdAt: "desc" },
    });
    expect(await db().costLine.count({ where: { importId: demoImport?.id } })).toBe(first.costLines);

    await allocateCosts(systemCtx("test"), first.window);
    const overview = await getOverview(roleCtx("viewer"), { days: 30 }, now);
    const names = overview.services.map((service) => service.name);
    for (const service of DEMO_SERVICES) expect(names).toContain(service.name);
    expect(overview.spendByDay).toHaveLength(30);
    expect(overview.spendKeys).toContain("payments-api");
    const payments = overview.services.find((service) => service.name === "payments-api");
    expect(payments?.environments).toEqual(["dev", "prod", "staging"]);
  });

  it("is for admins only", async () => {
    await expect(loadDemo(roleCtx("viewer"))).rejects.toMatchObject({ code: "forbidden" });
  });
});
