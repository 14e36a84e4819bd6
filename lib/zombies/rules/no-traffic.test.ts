import { describe, expect, it } from "vitest";
import type { DailyCost } from "@/lib/zombies/evidence";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";
import { noTraffic } from "@/lib/zombies/rules/no-traffic";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const window = lastDays(14);
const billedEveryDay = Object.fromEntries(window.map((d) => [d, { USD: "1.25" }]));

function svc(over: Parameters<typeof evidence>[0] = {}) {
  return evidence({
    resource: { kind: "ebs-volume", service: "checkout" },
    serviceRequests: { since: "2026-01-01", byDay: { "2026-02-10": 500 } },
    costs: billedEveryDay,
    ...over,
  });
}

describe("no-traffic (service billing with zero entry requests for 14 days)", () => {
  it("flags a billed resource of a silent service, with the cost per currency and the window", () => {
    const finding = noTraffic(svc(), defaults, NOW);
    expect(finding?.confidence).toBe("high");
    expect(finding?.window).toEqual({ from: "2026-03-01", to: "2026-03-15" });
    expect(finding?.evidence[0]).toMatchObject({ name: "entry-requests", value: 0, matchedDays: 14 });
    expect(finding?.evidence[1]).toMatchObject({ name: "effective-cost:USD", value: "17.5" });
  });

  it("one request on the first day of the window, or on the last, is traffic", () => {
    expect(
      noTraffic(svc({ serviceRequests: { since: "2026-01-01", byDay: { [window[0]]: 1 } } }), defaults, NOW),
    ).toBeNull();
    expect(
      noTraffic(svc({ serviceRequests: { since: "2026-01-01", byDay: { [window[13]]: 1 } } }), defaults, NOW),
    ).toBeNull();
  });

  it("requests the day before the window or today do not count", () => {
    const byDay = { "2026-02-28": 9, "2026-03-15": 9 };
    expect(noTraffic(svc({ serviceRequests: { since: "2026-01-01", byDay } }), defaults, NOW)).not.toBeNull();
  });

  it("is not proven when traces start inside the window (one day short) or never started", () => {
    expect(noTraffic(svc({ serviceRequests: { since: window[1], byDay: {} } }), defaults, NOW)).toBeNull();
    expect(noTraffic(svc({ serviceRequests: { since: window[0], byDay: {} } }), defaults, NOW)).not.toBeNull();
    expect(noTraffic(svc({ serviceRequests: { since: null, byDay: {} } }), defaults, NOW)).toBeNull();
    expect(noTraffic(svc({ serviceRequests: undefined }), defaults, NOW)).toBeNull();
  });

  it("a NaN request count is not read as zero", () => {
    expect(
      noTraffic(svc({ serviceRequests: { since: "2026-01-01", byDay: { [window[3]]: NaN } } }), defaults, NOW),
    ).toBeNull();
  });

  it("a resource that bills nothing in the window is not wasting money", () => {
    expect(noTraffic(svc({ costs: {} }), defaults, NOW)).toBeNull();
    expect(noTraffic(svc({ costs: { [window[2]]: { USD: "0.000" } } }), defaults, NOW)).toBeNull();
    expect(noTraffic(svc({ costs: { "2026-02-01": { USD: "9" } } }), defaults, NOW)).toBeNull();
  });

  it("billed on some days only is medium, and currencies stay apart", () => {
    const costs: DailyCost = { [window[5]]: { USD: "0.1", EUR: "0.2" }, [window[6]]: { EUR: "0.30" } };
    const finding = noTraffic(svc({ costs }), defaults, NOW);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.evidence.slice(1).map((e) => [e.name, e.value])).toEqual([
      ["effective-cost:USD", "0.1"],
      ["effective-cost:EUR", "0.5"],
    ]);
  });

  it("needs a service", () => {
    expect(noTraffic(svc({ resource: { service: undefined } }), defaults, NOW)).toBeNull();
  });
});
