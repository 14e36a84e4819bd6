import { describe, expect, it } from "vitest";
import type { Resource } from "@/lib/zombies/evidence";
import { evidence, NOW, series } from "@/lib/zombies/rules/evidence-builders";
import { idleLoadBalancer } from "@/lib/zombies/rules/idle-load-balancer";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});

function lb(requests: Array<number | null> | undefined, over: Partial<Resource> = {}) {
  return evidence({
    resource: {
      kind: "load-balancer",
      resourceId: "app/web/1",
      createdAt: "2025-01-01T00:00:00Z",
      facts: { targetCount: 3 },
      ...over,
    },
    metrics: requests ? { RequestCount: series(requests) } : {},
  });
}

describe("idle-load-balancer (no targets, or < 100 requests a day for 7 days)", () => {
  it("flags a balancer with no targets", () => {
    expect(idleLoadBalancer(lb(undefined, { facts: { targetCount: 0 } }), defaults, NOW)).toMatchObject({
      evidence: [{ name: "targets", value: 0 }],
      confidence: "high",
    });
  });

  it("flags 99 requests on each of 7 days; 100 on any day is not idle", () => {
    const finding = idleLoadBalancer(lb(Array(7).fill(99)), defaults, NOW);
    expect(finding).toMatchObject({ confidence: "high", window: { from: "2026-03-08", to: "2026-03-15" } });
    expect(finding?.evidence[0]).toMatchObject({ value: 99, threshold: 100, matchedDays: 7 });
    expect(idleLoadBalancer(lb([...Array(6).fill(0), 100]), defaults, NOW)).toBeNull();
  });

  it("reads days without a datapoint as zero once the metric is collected, at medium", () => {
    const finding = idleLoadBalancer(lb([null, null, 3, null, null, null, null]), defaults, NOW);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.evidence[0].days?.[0]).toEqual({ day: "2026-03-08", value: 0 });
    const collectedButSilent = evidence({
      resource: { kind: "load-balancer", facts: {} },
      metrics: { RequestCount: {} },
    });
    expect(idleLoadBalancer(collectedButSilent, defaults, NOW)?.confidence).toBe("medium");
  });

  it("without the metric (not collected) there is no finding", () => {
    expect(idleLoadBalancer(lb(undefined), defaults, NOW)).toBeNull();
  });

  it("a balancer younger than the window is left alone: created on its first day counts, a day later not", () => {
    expect(idleLoadBalancer(lb(Array(7).fill(0), { createdAt: "2026-03-08T23:00:00Z" }), defaults, NOW)).not.toBeNull();
    expect(idleLoadBalancer(lb(Array(7).fill(0), { createdAt: "2026-03-09T00:00:00Z" }), defaults, NOW)).toBeNull();
  });

  it("a NaN day is not a quiet day", () => {
    expect(idleLoadBalancer(lb([NaN, 0, 0, 0, 0, 0, 0]), defaults, NOW)?.notes[0]).toContain("NaN");
  });
});
