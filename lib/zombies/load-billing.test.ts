import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { costLine, recordCostLines, roleCtx } from "@/test/factories";
import { privateDatabaseForFile } from "@/test/private-database";
import { loadBillEnds, loadBilling } from "./load-billing";

// Teardown verification reads where each resource's bill ends: the newest day of its own billing
// account, so a newer bill of another account never passes for "the bill stopped".

const FROM = new Date("2026-11-01T00:00:00Z");
const TO = new Date("2026-12-01T00:00:00Z");

// A database of its own: the window's newest day per account must be this file's alone.
privateDatabaseForFile("billends");

describe("loadBillEnds (PostgreSQL)", () => {
  beforeAll(async () => {
    const importer = roleCtx("admin");
    const day = (d: string, account: string, resourceId: string, cost = "2.50") =>
      costLine(d, { billingAccountId: account, resourceId, effectiveCost: cost, billedCost: cost, listCost: cost });
    await recordCostLines(importer, {
      source: "bill-ends",
      lines: [
        // Account A's bill covers up to the 20th; the volume was charged until the 18th.
        day("2026-11-17", "A", "vol-a"),
        day("2026-11-18", "A", "vol-a"),
        day("2026-11-20", "A", "i-busy"),
        day("2026-11-20", "A", "vol-zero", "0"),
        // Account B's bill is newer (the 25th) but says nothing of account A's resources.
        day("2026-11-24", "B", "vol-b"),
        day("2026-11-25", "B", "vol-b"),
        day("2026-11-25", "B", "eip-b", "-0.000"),
      ],
    });
  });

  it("reads each resource up to its own account's newest day, charged or not", async () => {
    const billed = await loadBilling(pool(), FROM, TO);
    const ends = await loadBillEnds(pool(), billed, FROM);
    const at = (day: string) => new Date(`${day}T00:00:00Z`);
    expect(ends.get("vol-a")).toEqual({ day: at("2026-11-20"), charged: false });
    expect(ends.get("i-busy")).toEqual({ day: at("2026-11-20"), charged: true });
    expect(ends.get("vol-zero")).toEqual({ day: at("2026-11-20"), charged: false });
    expect(ends.get("vol-b")).toEqual({ day: at("2026-11-25"), charged: true });
    expect(ends.get("eip-b")).toEqual({ day: at("2026-11-25"), charged: false });
    expect(ends.has("never-billed")).toBe(false);
  });

  it("leaves out resources billed only before the window", async () => {
    const from = new Date("2026-11-19T00:00:00Z");
    const ends = await loadBillEnds(pool(), await loadBilling(pool(), from, TO), from);
    expect(ends.has("vol-a")).toBe(false);
    expect(ends.get("vol-b")?.charged).toBe(true);
  });
});
