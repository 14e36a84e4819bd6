import { describe, expect, it } from "vitest";
import { deploymentFrequency } from "@/lib/delivery/deployment-frequency";
import { at, deployment } from "@/lib/delivery/fixtures/records";

// Four weeks from Monday 2 March 2026; March is the only month touched.
const window = { from: at("2026-03-02T00:00:00Z"), to: at("2026-03-30T00:00:00Z") };

const mixed = [
  deployment({ externalId: "a", finishedAt: at("2026-03-02T00:00:00Z") }), // the window's first instant: in
  deployment({ externalId: "b", finishedAt: at("2026-03-02T15:00:00Z") }), // same day as a
  deployment({ externalId: "c", finishedAt: at("2026-03-03T09:00:00Z") }),
  deployment({ externalId: "f", finishedAt: at("2026-03-04T09:00:00Z"), result: "FAILURE" }),
  deployment({ externalId: "s", finishedAt: at("2026-03-05T09:00:00Z"), environment: "STAGING" }),
  // One deployment sent as two rows: counted once, on the day of its latest finish (10 March).
  deployment({ externalId: "p", finishedAt: at("2026-03-09T23:00:00Z") }),
  deployment({ externalId: "p", finishedAt: at("2026-03-10T01:00:00Z") }),
  deployment({ externalId: "x", finishedAt: at("2026-03-01T23:59:59.999Z") }), // before the window
  deployment({ externalId: "e", finishedAt: at("2026-03-30T00:00:00Z") }), // the window's end: out
];

describe("deploymentFrequency", () => {
  it("counts successful production deployments once each, at their latest finish", () => {
    expect(deploymentFrequency(window, mixed)).toEqual({
      deployments: 4,
      perWeek: 1,
      // Weeks have 2, 1, 0, 0 deploy days: the lower middle is 0 (the averaging median would say 0.5).
      medianDeployDaysPerWeek: 0,
      medianDeployDaysPerMonth: 3,
      deployDaysPerSixMonths: (3 * 182.5) / 28,
      tier2021: "high",
      tier2023: "medium",
    });
  });

  it("is elite with a deploy every weekday", () => {
    const weekdays = Array.from({ length: 28 }, (_, i) => i)
      .filter((i) => i % 7 < 5)
      .map((i) =>
        deployment({ externalId: `w${i}`, finishedAt: new Date(window.from.getTime() + i * 86_400_000 + 3_600_000) }),
      );
    const f = deploymentFrequency(window, weekdays);
    expect(f).toMatchObject({
      deployments: 20,
      perWeek: 5,
      medianDeployDaysPerWeek: 5,
      tier2021: "elite",
      tier2023: "elite",
    });
  });

  it("has no rates or tiers when nothing shipped in the window", () => {
    const onlyFailed = [deployment({ externalId: "f", finishedAt: at("2026-03-04T00:00:00Z"), result: "FAILURE" })];
    for (const input of [[], onlyFailed]) {
      expect(deploymentFrequency(window, input)).toEqual({
        deployments: 0,
        perWeek: null,
        medianDeployDaysPerWeek: null,
        medianDeployDaysPerMonth: null,
        deployDaysPerSixMonths: null,
        tier2021: null,
        tier2023: null,
      });
    }
  });

  it("counts a short last week and every calendar month the window touches", () => {
    const w = { from: at("2026-01-31T12:00:00Z"), to: at("2026-02-09T00:00:00Z") }; // 8.5 days: 2 weeks, 2 months
    const f = deploymentFrequency(w, [
      deployment({ externalId: "1", finishedAt: at("2026-01-31T13:00:00Z") }),
      deployment({ externalId: "2", finishedAt: at("2026-02-08T23:00:00Z") }),
    ]);
    expect(f).toMatchObject({
      deployments: 2,
      perWeek: 14 / 8.5,
      medianDeployDaysPerWeek: 1,
      medianDeployDaysPerMonth: 1,
    });
  });

  it("takes the lower middle of week counts with the empty weeks as zeros", () => {
    const w = { from: window.from, to: at("2026-03-23T00:00:00Z") }; // 3 weeks with 2, 0, 3 deploy days
    const finishes = [
      "2026-03-02T01:00:00Z",
      "2026-03-03T01:00:00Z",
      "2026-03-16T01:00:00Z",
      "2026-03-17T01:00:00Z",
      "2026-03-18T23:59:59.999Z",
    ];
    const f = deploymentFrequency(
      w,
      finishes.map((t, i) => deployment({ externalId: `d${i}`, finishedAt: at(t) })),
    );
    expect(f.medianDeployDaysPerWeek).toBe(2);
  });

  it("stays cheap and low over two centuries with one deployment", () => {
    const w = { from: at("1900-01-01T00:00:00Z"), to: at("2100-01-01T00:00:00Z") };
    const f = deploymentFrequency(w, [deployment({ externalId: "once", finishedAt: at("2026-03-10T00:00:00Z") })]);
    expect(f).toMatchObject({
      deployments: 1,
      medianDeployDaysPerWeek: 0,
      medianDeployDaysPerMonth: 0,
      tier2021: "low",
      tier2023: "low",
    });
  });

  it("uses the finish only, even when it precedes the start", () => {
    const odd = deployment({
      externalId: "o",
      startedAt: at("2026-03-20T00:00:00Z"),
      finishedAt: at("2026-03-10T00:00:00Z"),
    });
    expect(deploymentFrequency(window, [odd]).deployments).toBe(1);
  });

  it("rejects an empty or reversed window and invalid dates", () => {
    expect(() => deploymentFrequency({ from: window.from, to: window.from }, [])).toThrow(/to: must be after from/);
    expect(() => deploymentFrequency({ from: new Date("x"), to: window.to }, [])).toThrow(/from: not a valid date/);
    const bad = deployment({ externalId: "bad", finishedAt: new Date(Number.NaN) });
    expect(() => deploymentFrequency(window, [bad])).toThrow(/deployment bad finishedAt/);
  });
});
