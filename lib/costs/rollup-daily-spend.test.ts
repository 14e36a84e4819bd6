import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, db } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { addDays } from "@/lib/time";
import { costLine, uniqueDay, uniqueName, roleCtx } from "@/test/factories";
import { recordCostLines } from "@/test/factories";
import { rollupDailySpend, UNALLOCATED } from "./rollup-daily-spend";

const ctx = systemCtx("test");

async function spendOf(service: string) {
  return db().$queryRaw<{ day: string; environment: string; billed: string; effective: string; lines: number }[]>`
    SELECT day::text, environment, trim_scale(billed_cost)::text AS billed, trim_scale(effective_cost)::text AS effective, line_count AS lines
    FROM daily_spend WHERE service = ${service} ORDER BY day, environment`;
}

describe("recordCostLines and rollupDailySpend (PostgreSQL)", () => {
  afterAll(closeDb);

  it("sums each UTC day per service and environment exactly", async () => {
    const day = uniqueDay();
    const service = uniqueName("svc");
    const result = await recordCostLines(ctx, {
      source: uniqueName("test-import"),
      lines: [
        costLine(day, { billedCost: "0.1", effectiveCost: "0.09", tags: { service, env: "prod" } }),
        costLine(day, { billedCost: "0.2", effectiveCost: "0.18", tags: { service, env: "prod" } }),
        costLine(day, { billedCost: "5.0000000001", tags: { service, env: "dev" } }),
        costLine(addDays(day, 1), { billedCost: "7", tags: { service, env: "prod" } }),
      ],
    });
    expect(result).toMatchObject({ rows: 4, billedCost: "12.3000000001" });

    await rollupDailySpend(ctx, { from: day, to: addDays(day, 2) });
    expect(await spendOf(service)).toEqual([
      { day, environment: "dev", billed: "5.0000000001", effective: "1", lines: 1 },
      { day, environment: "prod", billed: "0.3", effective: "0.27", lines: 2 },
      { day: addDays(day, 1), environment: "prod", billed: "7", effective: "1", lines: 1 },
    ]);
  });

  it("keeps untagged spend visible as unallocated", async () => {
    const day = uniqueDay();
    const source = uniqueName("untagged");
    await recordCostLines(ctx, { source, lines: [costLine(day, { billedCost: "3.5", resourceId: source })] });
    await rollupDailySpend(ctx, { from: day, to: addDays(day, 1) });
    const [row] = await db().$queryRaw<{ service: string; environment: string }[]>`
      SELECT d.service, d.environment FROM daily_spend d
      WHERE d.day = ${day}::date AND d.service = ${UNALLOCATED}`;
    expect(row).toEqual({ service: UNALLOCATED, environment: UNALLOCATED });
  });

  it("replaces what a source recorded before, so re-sending never double counts", async () => {
    const day = uniqueDay();
    const service = uniqueName("svc");
    const source = uniqueName("resend");
    const lines = [costLine(day, { billedCost: "10", tags: { service, env: "prod" } })];
    await recordCostLines(ctx, { source, lines });
    const again = await recordCostLines(ctx, { source, lines });
    expect(again).toMatchObject({ rows: 1, billedCost: "10" });
    await rollupDailySpend(ctx, { from: day, to: addDays(day, 1) });
    expect((await spendOf(service)).map((row) => row.billed)).toEqual(["10"]);
  });

  it("rebuilds a day from scratch when its lines change", async () => {
    const day = uniqueDay();
    const service = uniqueName("svc");
    const source = uniqueName("restated");
    await recordCostLines(ctx, { source, lines: [costLine(day, { billedCost: "4", tags: { service, env: "prod" } })] });
    await rollupDailySpend(ctx, { from: day, to: addDays(day, 1) });
    await recordCostLines(ctx, { source, lines: [] });
    await rollupDailySpend(ctx, { from: day, to: addDays(day, 1) });
    expect(await spendOf(service)).toEqual([]);
  });

  it("refuses viewers and invalid input before touching the database", async () => {
    await expect(recordCostLines(roleCtx("viewer"), { source: "x", lines: [] })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(rollupDailySpend(ctx, { from: "2026-02-01", to: "2026-01-01" })).rejects.toThrow(
      /from must be before to/,
    );
    await expect(
      recordCostLines(ctx, { source: "bad", lines: [costLine("2026-01-01", { billedCost: "1.5e3" })] }),
    ).rejects.toThrow(/decimal number/);
    expect(new VigilError("forbidden", "x").status).toBe(403);
  });
});
