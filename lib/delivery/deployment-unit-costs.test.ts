import { describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { deploymentUnitCosts } from "@/lib/delivery/deployment-unit-costs";
import { addDays } from "@/lib/time";
import { costLine, recordCostLines, roleCtx, uniqueName } from "@/test/factories";

const viewer = roleCtx("viewer");
const ctx = systemCtx("test");

describe("unit cost before and after a deployment", () => {
  it("sums the complete week before the deployment's day and the week after, null where a week is not over", async () => {
    const service = uniqueName("unit");
    // Days of their own, years back: $10 a day for 20 days, the deployment on day 10.
    const first = addDays("2018-01-01", Math.floor(Math.random() * 700));
    await recordCostLines(ctx, {
      source: uniqueName("unit"),
      lines: Array.from({ length: 20 }, (_, k) =>
        costLine(addDays(first, k), { billedCost: "10", effectiveCost: k < 10 ? "10" : "12.5", tags: { service } }),
      ),
    });
    await allocateCosts(ctx, { from: first, to: addDays(first, 20) });
    const deployed = new Date(`${addDays(first, 10)}T15:00:00Z`);
    const ids = [{ id: "7", service, finishedAt: deployed }];

    const later = await deploymentUnitCosts(viewer, ids, new Date(`${addDays(first, 40)}T00:00:00Z`));
    // Before: days 3..9 at $10; after: days 11..17 at $12.50. No spans that long ago: no unit cost.
    expect(later.get("7")).toEqual({
      before: { spend: "70", requests: 0, per1kRequests: null },
      after: { spend: "87.5", requests: 0, per1kRequests: null },
    });
    const nextDay = await deploymentUnitCosts(viewer, ids, new Date(`${addDays(first, 11)}T09:00:00Z`));
    expect(nextDay.get("7")).toEqual({ before: { spend: "70", requests: 0, per1kRequests: null }, after: null });
    const quiet = await deploymentUnitCosts(viewer, [{ id: "8", service: uniqueName("none"), finishedAt: deployed }]);
    expect(quiet.get("8")).toEqual({ before: null, after: null });
    expect(await deploymentUnitCosts(viewer, [])).toEqual(new Map());
  });
});
