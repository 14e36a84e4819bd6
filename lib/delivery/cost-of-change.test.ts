import { describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { deploymentUnitCosts, incidentSpend } from "@/lib/delivery/cost-of-change";
import { addDays } from "@/lib/time";
import { costLine, recordCostLines, roleCtx, uniqueName } from "@/test/factories";

const viewer = roleCtx("viewer");
const ctx = systemCtx("test");

/** Three days of spend of a service of its own ($24, $48, $96 a day), years back so no other test allocates them. */
async function spendingService() {
  const service = uniqueName("spend");
  const day = addDays("2019-01-01", Math.floor(Math.random() * 700));
  await recordCostLines(ctx, {
    source: uniqueName("coc"),
    lines: ["24", "48", "96"].map((cost, k) =>
      costLine(addDays(day, k), {
        billedCost: cost,
        effectiveCost: cost,
        tags: { service },
        resourceId: uniqueName("r"),
      }),
    ),
  });
  await allocateCosts(ctx, { from: day, to: addDays(day, 3) });
  return {
    service,
    day,
    at: (offsetHours: number) => new Date(Date.parse(`${day}T00:00:00Z`) + offsetHours * 3_600_000),
  };
}

describe("cost of change", () => {
  it("pro-rates a service's daily spend to the hours each incident was open", async () => {
    const { service, at } = await spendingService();
    const spend = await incidentSpend(
      viewer,
      service,
      [
        { id: "a", createdAt: at(6), resolvedAt: at(12) }, // 6 h of a $24 day
        { id: "b", createdAt: at(18), resolvedAt: at(30) }, // 6 h of day 1 ($6) + 6 h of day 2 ($12)
        { id: "c", createdAt: at(60), resolvedAt: null }, // open until "now": 12 h of the $96 day, then days without spend
        { id: "d", createdAt: at(100), resolvedAt: at(101) }, // no spend recorded then
      ],
      at(200),
    );
    expect(spend).toEqual([
      { id: "a", spend: "6" },
      { id: "b", spend: "18" },
      { id: "c", spend: "48" },
      { id: "d", spend: "0" },
    ]);
  });

  it("gives a deployment's unit cost in the complete week before and after it, null where a week is not over", async () => {
    const { service, day, at } = await spendingService();
    // Deployed on the third day: the week before holds days one and two ($72), the week after nothing yet.
    const costs = await deploymentUnitCosts(
      viewer,
      service,
      [{ id: "x", finishedAt: at(50) }],
      new Date(`${addDays(day, 30)}T00:00:00Z`),
    );
    expect(costs).toEqual([{ id: "x", before: { spend: "72", requests: 0, per1kRequests: null }, after: null }]);
    const early = await deploymentUnitCosts(viewer, service, [{ id: "y", finishedAt: at(50) }], at(60));
    expect(early).toEqual([{ id: "y", before: { spend: "72", requests: 0, per1kRequests: null }, after: null }]);
    const none = await deploymentUnitCosts(viewer, service, [{ id: "z", finishedAt: at(50) }], at(30));
    expect(none).toEqual([{ id: "z", before: null, after: null }]);
  });
});
