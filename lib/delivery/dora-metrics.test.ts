import { describe, expect, it } from "vitest";
import { doraMetrics } from "@/lib/delivery/dora-metrics";
import { at, deployment, incident } from "@/lib/delivery/fixtures/records";

const window = { from: at("2026-03-01T00:00:00Z"), to: at("2026-04-01T00:00:00Z") };
const deployments = [
  deployment({ externalId: "d0", finishedAt: at("2026-02-25T00:00:00Z") }),
  deployment({ externalId: "d1", finishedAt: at("2026-03-02T00:00:00Z") }),
  deployment({ externalId: "d2", finishedAt: at("2026-03-05T00:00:00Z"), hotfix: true }),
  deployment({ externalId: "fail", finishedAt: at("2026-03-06T00:00:00Z"), result: "FAILURE" }),
  deployment({ externalId: "stg", finishedAt: at("2026-03-06T06:00:00Z"), environment: "STAGING" }),
  deployment({ externalId: "d3", finishedAt: at("2026-03-10T00:00:00Z") }),
  deployment({ externalId: "d4", finishedAt: at("2026-03-20T00:00:00Z") }),
  deployment({ externalId: "f1", service: "fraud", finishedAt: at("2026-03-03T00:00:00Z") }),
];
const incidents = [
  incident({ externalKey: "i1", createdAt: at("2026-03-01T00:00:00Z"), resolvedAt: at("2026-03-01T00:30:00Z") }), // → d0
  incident({ externalKey: "i2", createdAt: at("2026-03-02T12:00:00Z"), resolvedAt: at("2026-03-03T12:00:00Z") }), // → d1
  incident({ externalKey: "i3", createdAt: at("2026-03-06T12:00:00Z") }), // → d2, still open
  incident({ externalKey: "i4", createdAt: at("2026-03-10T00:00:00Z"), resolvedAt: at("2026-03-10T02:00:00Z") }), // d3 finished at the same instant: → d2
  incident({ externalKey: "i5", createdAt: at("2026-02-20T00:00:00Z"), resolvedAt: at("2026-02-21T00:00:00Z") }), // before the window, no prior deploy
  incident({
    externalKey: "i6",
    service: "fraud",
    createdAt: at("2026-03-04T00:00:00Z"),
    resolvedAt: at("2026-03-04T01:00:00Z"),
  }), // → f1
  incident({ externalKey: "i7", createdAt: at("2026-04-01T00:00:00Z"), resolvedAt: at("2026-04-01T01:00:00Z") }), // window end: out; → d4
];

describe("doraMetrics on a hand-computed platform", () => {
  const m = doraMetrics({ window, deployments, incidents });

  it("change failure rate: shipped deployments in the window with a linked incident", () => {
    // d1, d2, d3, d4, f1 shipped; d1 (i2), d2 (i3, i4), d4 (i7), f1 (i6) linked; d0's incident is outside.
    expect(m.changeFailureRate).toEqual({
      ratio: 0.8,
      failedDeployments: 4,
      deployments: 5,
      tier2021: "low",
      tier2023: "low",
    });
  });

  it("time to restore: created → resolved of incidents created in the window, open ones counted apart", () => {
    // i1 30, i2 1440, i4 120, i6 60 → sorted [30, 60, 120, 1440]: lower median 60, mean 412.5.
    expect(m.timeToRestore).toEqual({
      medianMinutes: 60,
      meanMinutes: 412.5,
      incidents: 4,
      openIncidents: 1,
      tier2021: "high",
      tier2023: "high",
    });
  });

  it("failed deployment recovery time: linked deployment finished → resolved", () => {
    // i1 from d0 5790, i2 from d1 2160, i4 from d2 7320, i6 from f1 1500 → median 2160, mean 4192.5.
    expect(m.failedDeploymentRecoveryTime).toEqual({
      medianMinutes: 2160,
      meanMinutes: 4192.5,
      incidents: 4,
      openIncidents: 1,
      unlinkedIncidents: 0,
      tier2021: "medium",
      tier2023: "medium",
    });
  });

  it("rework rate: hotfixes and deployments made while an incident of the service was open", () => {
    // d2 hotfix; d3 and d4 while i3 is open; d1 and f1 with nothing open.
    expect(m.reworkRate).toEqual({ ratio: 0.6, reworkDeployments: 3, deployments: 5 });
  });

  it("returns every figure with the keys the API promises", () => {
    expect(Object.keys(m)).toEqual([
      "deploymentFrequency",
      "leadTimeForChanges",
      "changeFailureRate",
      "timeToRestore",
      "failedDeploymentRecoveryTime",
      "reworkRate",
    ]);
    expect(m.deploymentFrequency.deployments).toBe(5);
  });
});

describe("doraMetrics with no data", () => {
  it("is null, never 0, for every ratio, time and tier", () => {
    const m = doraMetrics({ window, deployments: [], incidents: [] });
    expect(m.changeFailureRate).toEqual({
      ratio: null,
      failedDeployments: 0,
      deployments: 0,
      tier2021: null,
      tier2023: null,
    });
    expect(m.timeToRestore).toEqual({
      medianMinutes: null,
      meanMinutes: null,
      incidents: 0,
      openIncidents: 0,
      tier2021: null,
      tier2023: null,
    });
    expect(m.failedDeploymentRecoveryTime.medianMinutes).toBeNull();
    expect(m.reworkRate).toEqual({ ratio: null, reworkDeployments: 0, deployments: 0 });
    expect(m.leadTimeForChanges.medianMinutes).toBeNull();
    expect(m.deploymentFrequency.perWeek).toBeNull();
  });

  it("has null restore times when every incident is still open", () => {
    const open = [incident({ externalKey: "o", createdAt: at("2026-03-05T00:00:00Z") })];
    const m = doraMetrics({ window, deployments, incidents: open });
    expect(m.timeToRestore).toMatchObject({ medianMinutes: null, meanMinutes: null, incidents: 0, openIncidents: 1 });
    expect(m.failedDeploymentRecoveryTime).toMatchObject({ medianMinutes: null, openIncidents: 1 });
  });
});

describe("recovery edge cases", () => {
  it("uses a person's link at the deployment's latest finish and counts links it cannot place", () => {
    const rows = [
      deployment({ externalId: "p", finishedAt: at("2026-03-02T00:00:00Z") }),
      deployment({ externalId: "p", finishedAt: at("2026-03-02T01:00:00Z") }),
    ];
    const inc = [
      incident({ externalKey: "a", createdAt: at("2026-03-01T12:00:00Z"), resolvedAt: at("2026-03-02T03:00:00Z") }),
      incident({ externalKey: "b", createdAt: at("2026-03-01T12:00:00Z"), resolvedAt: at("2026-03-02T03:00:00Z") }),
      incident({ externalKey: "c", createdAt: at("2026-03-01T12:00:00Z"), resolvedAt: at("2026-03-02T03:00:00Z") }),
    ];
    const manualLinks = [
      { incidentKey: "devlake:a", deploymentKey: "devlake:p", by: "ana" },
      { incidentKey: "devlake:b", deploymentKey: "devlake:gone", by: "ana" },
    ];
    const m = doraMetrics({ window, deployments: rows, incidents: inc, manualLinks });
    // a: 01:00 → 03:00 = 120; b: unknown deployment; c: no prior deployment.
    expect(m.failedDeploymentRecoveryTime).toMatchObject({ medianMinutes: 120, incidents: 1, unlinkedIncidents: 2 });
    expect(m.changeFailureRate).toMatchObject({ failedDeployments: 1, deployments: 1 });
  });

  it("leaves out a resolution before the creation, keeps a zero-minute one", () => {
    const inc = [
      incident({ externalKey: "neg", createdAt: at("2026-03-05T00:00:00Z"), resolvedAt: at("2026-03-04T00:00:00Z") }),
      incident({ externalKey: "zero", createdAt: at("2026-03-05T00:00:00Z"), resolvedAt: at("2026-03-05T00:00:00Z") }),
    ];
    expect(doraMetrics({ window, deployments: [], incidents: inc }).timeToRestore).toMatchObject({
      medianMinutes: 0,
      incidents: 1,
    });
  });

  it("rejects invalid incident dates, naming the incident", () => {
    const bad = [incident({ externalKey: "bad", createdAt: at("2026-03-05T00:00:00Z"), resolvedAt: new Date("x") })];
    expect(() => doraMetrics({ window, deployments: [], incidents: bad })).toThrow(/incident bad resolvedAt/);
  });
});

describe("rework rate boundaries", () => {
  const t = "2026-03-10T00:00:00Z";
  const d = [deployment({ externalId: "d", finishedAt: at(t) })];
  const rework = (inc: ReturnType<typeof incident>[], deps = d) =>
    doraMetrics({ window, deployments: deps, incidents: inc }).reworkRate;

  it("counts an incident created at the deploy's finish as open, one resolved at it as closed", () => {
    expect(
      rework([incident({ externalKey: "x", createdAt: at(t), resolvedAt: at("2026-03-11T00:00:00Z") })]).ratio,
    ).toBe(1);
    expect(
      rework([incident({ externalKey: "x", createdAt: at("2026-03-09T00:00:00Z"), resolvedAt: at(t) })]).ratio,
    ).toBe(0);
    expect(rework([incident({ externalKey: "x", createdAt: at("2026-03-10T00:00:00.001Z") })]).ratio).toBe(0);
  });

  it("ignores other services' incidents and failed hotfixes", () => {
    expect(
      rework([incident({ externalKey: "x", service: "fraud", createdAt: at("2026-03-09T00:00:00Z") })]).ratio,
    ).toBe(0);
    const failedHotfix = deployment({ externalId: "h", hotfix: true, result: "FAILURE", finishedAt: at(t) });
    expect(rework([], [...d, failedHotfix])).toEqual({ ratio: 0, reworkDeployments: 0, deployments: 1 });
  });
});
