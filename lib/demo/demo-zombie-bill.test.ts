import { describe, expect, it } from "vitest";
import { CostLine } from "@/lib/costs/schemas";
import { addDecimal, toScaled } from "@/lib/decimal";
import { demoZombieCostLines } from "./demo-zombie-bill";
import { demoZombieMetrics, demoZombieSnapshots } from "./demo-zombie-inventory";
import { RECENT_SNAPSHOT, SAVINGS_PLAN, STOPPED_INSTANCE } from "./demo-zombie-resources";

const TODAY = "2026-12-07";

describe("the sandbox bill", () => {
  const lines = demoZombieCostLines(TODAY);

  it("is valid FOCUS, the same for the same day, over the demo's 30 days", () => {
    for (const line of lines) expect(CostLine.safeParse(line).success).toBe(true);
    expect(demoZombieCostLines(TODAY)).toEqual(lines);
    const days = new Set(lines.map((l) => l.chargePeriodStart.slice(0, 10)));
    expect(days.size).toBe(30);
    expect([...days].sort()[0]).toBe("2026-11-07");
  });

  it("spends each day's commitment exactly: Used + Unused effective cost = the Purchase line's billed cost", () => {
    const byDay = new Map<string, { used: string; unused: string; purchased: string }>();
    for (const line of lines.filter((l) => l.commitmentDiscountId === SAVINGS_PLAN.id)) {
      const day = byDay.get(line.chargePeriodStart) ?? { used: "0", unused: "0", purchased: "0" };
      if (line.chargeCategory === "Purchase") day.purchased = addDecimal(day.purchased, line.billedCost);
      else if (line.commitmentDiscountStatus === "Used") day.used = addDecimal(day.used, line.effectiveCost);
      else if (line.commitmentDiscountStatus === "Unused") day.unused = addDecimal(day.unused, line.effectiveCost);
      byDay.set(line.chargePeriodStart, day);
    }
    expect(byDay.size).toBe(30);
    for (const { used, unused, purchased } of byDay.values()) {
      expect(toScaled(addDecimal(used, unused))).toBe(toScaled(purchased));
      const share = Number(used) / Number(purchased);
      expect(share).toBeGreaterThan(0.45);
      expect(share).toBeLessThan(0.55);
    }
  });

  it("bills a resource only from the day it was created, and a stopped instance not at all", () => {
    const snapshotDays = lines.filter((l) => l.resourceId === RECENT_SNAPSHOT).map((l) => l.chargePeriodStart);
    expect(snapshotDays).toHaveLength(20);
    expect(lines.filter((l) => l.resourceId === STOPPED_INSTANCE)).toEqual([]);
  });
});

describe("the sandbox inventory", () => {
  it("dates the stopped instance's stop as describe-instances prints it", () => {
    const instances = demoZombieSnapshots(TODAY).find((s) => s.kind === "ec2-instance")!;
    const stopped = instances.resources.find((r) => r.resourceId === STOPPED_INSTANCE)!;
    expect(stopped.state).toBe("stopped");
    expect(stopped.stateSince).toBe("2026-10-23T18:14:07.000Z");
    expect(stopped.facts).toMatchObject({ stateReason: "User initiated (2026-10-23 18:14:07 GMT)" });
  });

  it("gives running instances a datapoint a day and the stopped one none", () => {
    const series = demoZombieMetrics(TODAY);
    expect(series.some((s) => s.dimensionValue === STOPPED_INSTANCE)).toBe(false);
    for (const s of series) expect(s.datapoints).toHaveLength(30);
  });
});
