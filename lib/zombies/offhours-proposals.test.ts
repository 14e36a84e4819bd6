import { describe, expect, it } from "vitest";
import type { DailyCost, Resource } from "@/lib/zombies/evidence";
import { hourlyCosts, offHoursProposals } from "@/lib/zombies/offhours-proposals";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";
import { parseThresholds } from "@/lib/zombies/thresholds";

// Which running compute gets an off-hours schedule (March 2026 in UTC: 480 off hours), at the
// hourly cost of the days it was billed.

const defaults = parseThresholds({});
const everyDay = (amounts: Record<string, string>): DailyCost =>
  Object.fromEntries(lastDays(30).map((day) => [day, amounts]));
const instance = (key: string, over: Partial<Resource> = {}, costs = everyDay({ USD: "2.4" })) =>
  evidence({
    resource: { key, resourceId: key, kind: "ec2-instance", state: "running", tags: { env: "staging" }, ...over },
    costs,
  });

describe("offHoursProposals", () => {
  it("proposes the default schedule for running non-production compute with its saving", () => {
    const [row] = offHoursProposals([instance("i-stage")], new Set(), defaults, NOW);
    expect(row).toMatchObject({
      resourceKey: "i-stage",
      environment: "staging",
      currency: "USD",
      hourlyCost: "0.1",
      schedule: { offHour: 19, onHour: 7, weekends: true, timezone: "UTC" },
      month: "2026-03",
      offHours: 480,
      hoursInMonth: 744,
      monthlySaving: "48",
    });
    const db = evidence({
      resource: { key: "db-dev", kind: "rds-instance", state: "available", environment: "dev" },
      costs: everyDay({ EUR: "4.8" }),
    });
    expect(offHoursProposals([db], new Set(), defaults, NOW).map((r) => [r.kind, r.monthlySaving])).toEqual([
      ["rds-instance", "96"],
    ]);
  });

  it("proposes nothing for production, stopped, unknown state, findings, protected, non-compute or unbilled", () => {
    const none = [
      instance("i-prod", { tags: { env: "prod" } }),
      instance("i-stopped", { state: "stopped" }),
      instance("i-unknown", { state: undefined }),
      instance("i-finding"),
      instance("i-protected", { tags: { env: "dev", "Vigil-Protect": "yes" } }),
      instance("vol-dev", { kind: "ebs-volume", state: "in-use" }),
      instance("db-stopped", { kind: "rds-instance", state: "stopped" }),
      instance("i-unbilled", {}, {}),
      instance("i-credit", {}, everyDay({ USD: "-1" })),
      instance("i-no-env", { tags: {} }),
    ];
    expect(offHoursProposals(none, new Set(["i-finding"]), defaults, NOW)).toEqual([]);
    const unprotected = instance("i-unprotected", { tags: { env: "dev", "vigil-protect": "false" } });
    expect(offHoursProposals([unprotected], new Set(), defaults, NOW)).toHaveLength(1);
  });

  it("keeps two currencies apart, one proposal each", () => {
    const rows = offHoursProposals(
      [instance("i-two", {}, everyDay({ USD: "2.4", EUR: "0.24" }))],
      new Set(),
      defaults,
      NOW,
    );
    expect(rows.map((r) => [r.currency, r.hourlyCost, r.monthlySaving])).toEqual([
      ["EUR", "0.01", "4.8"],
      ["USD", "0.1", "48"],
    ]);
  });
});

describe("hourlyCosts", () => {
  it("prices by the hours of the billed days only, leaving out today and older days", () => {
    const [first, last] = [lastDays(30)[0], lastDays(30)[29]];
    const costs: DailyCost = {
      [first]: { USD: "1" },
      [last]: { USD: "2" },
      "2026-03-15": { USD: "100" },
      "2026-01-01": { USD: "100" },
    };
    expect(hourlyCosts(evidence({ costs }), NOW)).toEqual([{ currency: "USD", hourlyCost: "0.0625" }]);
    expect(hourlyCosts(evidence({ costs: { [first]: { USD: "0" } } }), NOW)).toEqual([]);
    // One unit over 24 hours: truncated at 18 places, never rounded up.
    expect(hourlyCosts(evidence({ costs: { [first]: { USD: "1" } } }), NOW)[0].hourlyCost).toBe("0.041666666666666666");
  });
});
