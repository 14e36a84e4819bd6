import { describe, expect, it } from "vitest";
import { costSummary } from "@/lib/attribution/cost-summary";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { addDays } from "@/lib/time";
import { costLine, recordCostLines, roleCtx, uniqueName } from "@/test/factories";
import { serviceSpend } from "./service-spend";

const viewer = roleCtx("viewer");

describe("a service's spend", () => {
  it("is its app-service row of the cost summary, to the last decimal, and zero without allocations", async () => {
    const ctx = systemCtx("test");
    const service = uniqueName("spend");
    // Two days of their own, years back, so no other test allocates them.
    const day = addDays("2021-01-01", Math.floor(Math.random() * 1500));
    const next = addDays(day, 1);
    await recordCostLines(ctx, {
      source: uniqueName("spend"),
      lines: [
        costLine(day, { billedCost: "10.10", effectiveCost: "9.000000000000000001", tags: { service } }),
        costLine(next, { billedCost: "0.05", effectiveCost: "0.04", tags: { service }, resourceId: uniqueName("r") }),
        costLine(day, { billedCost: "3", effectiveCost: "3", tags: { service: uniqueName("other") } }),
      ],
    });
    await allocateCosts(ctx, { from: day, to: addDays(day, 2) });
    const window = { from: day, to: addDays(day, 2) };

    const spend = await serviceSpend(viewer, { service, ...window });
    expect(spend).toEqual({ service, ...window, metric: "effective", cost: "9.040000000000000001" });
    const summary = await costSummary(viewer, { ...window, groupBy: "appService", limit: "1000" });
    expect(summary.find((row) => row.key === service)?.cost).toBe(spend.cost);
    expect((await serviceSpend(viewer, { service, ...window, metric: "billed" })).cost).toBe("10.15");
    expect((await serviceSpend(viewer, { service, from: day, to: next })).cost).toBe("9.000000000000000001");
    expect((await serviceSpend(viewer, { service: uniqueName("none"), ...window })).cost).toBe("0");
  });

  it("refuses a bad service, window or metric naming the field", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ service: "", from: "2026-01-01", to: "2026-01-02" }, /^service: /],
      [{ service: "a\0b", from: "2026-01-01", to: "2026-01-02" }, /^service: must not contain NUL/],
      [{ service: "x".repeat(201), from: "2026-01-01", to: "2026-01-02" }, /^service: /],
      [{ service: "a", from: "2026-01-02", to: "2026-01-01" }, /^to: must be after from/],
      [{ service: "a", from: "yesterday", to: "2026-01-01" }, /^from: /],
      [
        { service: "a", from: "2026-01-01", to: "2026-01-02", metric: "list" },
        /^metric: must be one of billed, effective/,
      ],
    ];
    for (const [input, message] of cases)
      await expect(serviceSpend(viewer, input as never), JSON.stringify(input)).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringMatching(message),
      });
  });
});
