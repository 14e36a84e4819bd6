import { afterAll, describe, expect, it } from "vitest";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { incidentSpend } from "@/lib/delivery/incident-spend";
import { addDays } from "@/lib/time";
import { costLine, recordCostLines, roleCtx, uniqueName } from "@/test/factories";

// The spend of a service while an incident was open: each UTC day's allocated spend times the share
// of the day it was open, on real allocations of days of their own years back.

const viewer = roleCtx("viewer");
afterAll(closeDb);

describe("incidentSpend (PostgreSQL)", () => {
  it("pro-rates each day's allocated spend by the hours the incident was open", async () => {
    const ctx = systemCtx("test");
    const service = uniqueName("spend");
    const day = addDays("2021-01-01", Math.floor(Math.random() * 1500));
    const next = addDays(day, 1);
    await recordCostLines(ctx, {
      source: uniqueName("spend"),
      lines: [
        costLine(day, { billedCost: "48", effectiveCost: "24", tags: { service } }),
        costLine(next, { billedCost: "96", effectiveCost: "48", tags: { service }, resourceId: uniqueName("r") }),
      ],
    });
    await allocateCosts(ctx, { from: day, to: addDays(day, 2) });
    const at = (d: string, hour: number) => new Date(`${d}T${String(hour).padStart(2, "0")}:00:00Z`);
    const now = new Date(`${addDays(day, 3)}T00:00:00Z`);
    const spend = await incidentSpend(viewer, {
      now,
      incidents: [
        // 6 h of the first day ($1/h) and 12 h of the second ($2/h).
        { id: "1", service, createdAt: at(day, 18), resolvedAt: at(next, 12) },
        { id: "2", service, createdAt: at(day, 10), resolvedAt: at(day, 11) },
        // Open: counted to now, past the last day with spend.
        { id: "3", service, createdAt: at(next, 23), resolvedAt: null },
        { id: "4", service: uniqueName("none"), createdAt: at(day, 1), resolvedAt: at(day, 2) },
      ],
    });
    expect(Object.fromEntries(spend)).toEqual({ "1": "30", "2": "1", "3": "2", "4": null });
  });

  it("answers nothing for no incidents and refuses too many", async () => {
    expect((await incidentSpend(viewer, { now: new Date(), incidents: [] })).size).toBe(0);
    const many = Array.from({ length: 201 }, (_, i) => ({
      id: String(i),
      service: "s",
      createdAt: new Date(),
      resolvedAt: null,
    }));
    await expect(incidentSpend(viewer, { now: new Date(), incidents: many })).rejects.toMatchObject({
      details: { field: "incidents" },
    });
  });
});
