import { describe, expect, it } from "vitest";
import { allocateUnit, type CostUnit, type Usage } from "./allocation-rules";
import { UNALLOCATED } from "./reserved-keys";

const unit = (overrides: Partial<CostUnit>): CostUnit => ({
  day: "2026-11-01",
  provider_name: "AWS",
  service_name: "Amazon RDS",
  resource_id: "db-1",
  feature: null,
  team: null,
  env: "prod",
  app_service: "payments-api",
  shared: false,
  billed: "100",
  effective: "90",
  lines: 1,
  ...overrides,
});

/** payments-api on 2026-11-01: 3 card and 1 payout request in prod, 10 card requests in dev. */
const usage: Usage = new Map([
  [
    "2026-11-01|payments-api",
    new Map([
      [
        "prod",
        new Map([
          ["card", 3n],
          ["payout", 1n],
        ]),
      ],
      ["dev", new Map([["card", 10n]])],
    ]),
  ],
]);
const teams = new Map([
  ["feature:card", "cards"],
  ["service:payments-api", "payments"],
]);

describe("allocateUnit", () => {
  it("gives a tagged line to its feature whole, with the feature's team", () => {
    expect(allocateUnit(unit({ feature: "card" }), usage, teams, "requests")).toEqual([
      expect.objectContaining({ feature: "card", team: "cards", method: "tag", billed: "100", weight: null }),
    ]);
  });

  it("splits a shared line by its environment's requests, the service's team for features without one", () => {
    const rows = allocateUnit(unit({ feature: "shared" }), usage, teams, "requests");
    expect(
      rows.map(({ feature, team, method, billed, effective }) => [feature, team, method, billed, effective]),
    ).toEqual([
      ["card", "cards", "telemetry", "75", "67.5"],
      ["payout", "payments", "telemetry", "25", "22.5"],
    ]);
    expect(rows[0].weight).toEqual({
      basis: "requests",
      service: "payments-api",
      day: "2026-11-01",
      environment: "prod",
      units: "3",
      total: "4",
      share: "0.7500",
    });
  });

  it("uses all of the service's traffic when its environment has none", () => {
    const rows = allocateUnit(unit({ env: "staging", shared: true, feature: "card" }), usage, teams, "requests");
    expect(rows.map((row) => [row.feature, row.billed])).toEqual([
      ["card", "92.857142857142857143"],
      ["payout", "7.142857142857142857"],
    ]);
    expect(rows[0].weight).toMatchObject({ environment: null, total: "14" });
  });

  it("leaves what no tag or traffic explains unallocated, with the reason", () => {
    expect(allocateUnit(unit({ app_service: null, team: "platform" }), usage, teams, "requests")).toEqual([
      expect.objectContaining({
        feature: UNALLOCATED,
        team: "platform",
        method: "unallocated",
        weight: { reason: "no feature tag and no service to split it by" },
      }),
    ]);
    const quiet = allocateUnit(unit({ app_service: "ledger" }), usage, teams, "duration");
    expect(quiet[0]).toMatchObject({ team: UNALLOCATED, weight: { reason: "no duration from ledger on 2026-11-01" } });
  });
});
