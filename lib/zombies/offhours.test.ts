import { describe, expect, it } from "vitest";
import { hourlyCostOf, offHoursIn, proposeOffHours } from "@/lib/zombies/offhours";
import { NOW, resource } from "@/lib/zombies/rules/evidence-builders";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const utc = { offHour: 19, onHour: 7, weekends: true, timezone: "UTC" };
const dev = resource({ kind: "ec2-instance", environment: "dev" });

describe("offHoursIn", () => {
  it("stops 19:00-07:00 and weekends: March 2026 in UTC is 9 weekend days × 24 + 22 weekdays × 12", () => {
    // 1 March 2026 is a Sunday: Sundays 1, 8, 15, 22, 29 and Saturdays 7, 14, 21, 28.
    expect(offHoursIn(utc, "2026-03")).toEqual({ offHours: 9 * 24 + 22 * 12, hoursInMonth: 744 });
    expect(offHoursIn({ ...utc, weekends: false }, "2026-03")).toEqual({ offHours: 31 * 12, hoursInMonth: 744 });
  });

  it("a daylight-saving night is an hour shorter in the schedule's zone", () => {
    const nights = { ...utc, weekends: false };
    expect(offHoursIn({ ...nights, timezone: "Europe/Berlin" }, "2026-03")).toEqual({
      offHours: 371,
      hoursInMonth: 743,
    });
    expect(offHoursIn({ ...nights, timezone: "Europe/Berlin" }, "2026-10")).toEqual({
      offHours: 31 * 12 + 1,
      hoursInMonth: 745,
    });
  });

  it("handles a window that does not cross midnight, and an empty one", () => {
    expect(offHoursIn({ offHour: 1, onHour: 5, weekends: false, timezone: "UTC" }, "2026-02").offHours).toBe(28 * 4);
    expect(offHoursIn({ offHour: 7, onHour: 7, weekends: false, timezone: "UTC" }, "2026-02").offHours).toBe(0);
  });
});

describe("proposeOffHours", () => {
  it("saves hourly cost × off hours, exactly", () => {
    const proposal = proposeOffHours(dev, { hourlyCost: "0.0416", currency: "USD" }, defaults, { month: "2026-03" });
    expect(proposal).toMatchObject({
      schedule: utc,
      month: "2026-03",
      offHours: 480,
      monthlySaving: "19.968",
      currency: "USD",
    });
    const tiny = proposeOffHours(dev, { hourlyCost: "0.000000000000000001", currency: "EUR" }, defaults, { now: NOW });
    expect(tiny).toMatchObject({ month: "2026-03", monthlySaving: "0.00000000000000048" });
  });

  it("takes a schedule in another zone", () => {
    const proposal = proposeOffHours(dev, { hourlyCost: "1", currency: "USD" }, defaults, {
      month: "2026-03",
      schedule: { timezone: "America/New_York", weekends: false },
    });
    expect(proposal?.offHours).toBe(371);
    expect(proposal?.monthlySaving).toBe("371");
  });

  it("proposes nothing for production, unknown environments or non-compute", () => {
    const cost = { hourlyCost: "1", currency: "USD" };
    expect(proposeOffHours(resource({ environment: "production" }), cost, defaults)).toBeNull();
    expect(proposeOffHours(resource({ environment: undefined }), cost, defaults)).toBeNull();
    expect(proposeOffHours(resource({ kind: "ebs-volume", environment: "dev" }), cost, defaults)).toBeNull();
    expect(
      proposeOffHours(resource({ kind: "rds-instance", environment: "staging" }), cost, defaults, { month: "2026-03" }),
    ).not.toBeNull();
  });

  it("rejects a bad zone, hour, month or amount", () => {
    const cost = { hourlyCost: "1", currency: "USD" };
    expect(() => proposeOffHours(dev, cost, defaults, { schedule: { timezone: "Mars/Olympus" } })).toThrow(/time zone/);
    expect(() => proposeOffHours(dev, cost, defaults, { schedule: { offHour: 24 } })).toThrow(/0 to 23/);
    expect(() => proposeOffHours(dev, cost, defaults, { schedule: { onHour: 6.5 } })).toThrow(/0 to 23/);
    expect(() => proposeOffHours(dev, cost, defaults, { month: "2026-13" })).toThrow(/YYYY-MM/);
    expect(() => proposeOffHours(dev, { hourlyCost: "NaN", currency: "USD" }, defaults)).toThrow();
  });
});

describe("hourlyCostOf", () => {
  it("divides exactly, truncating at 18 places", () => {
    expect(hourlyCostOf("30", 720)).toBe("0.041666666666666666");
    expect(hourlyCostOf("72", 720)).toBe("0.1");
    expect(() => hourlyCostOf("1", 0)).toThrow();
  });
});
