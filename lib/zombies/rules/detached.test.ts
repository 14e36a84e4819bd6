import { describe, expect, it } from "vitest";
import type { Resource } from "@/lib/zombies/evidence";
import { evidence, NOW } from "@/lib/zombies/rules/evidence-builders";
import { unassociatedIp } from "@/lib/zombies/rules/unassociated-ip";
import { unattachedVolume } from "@/lib/zombies/rules/unattached-volume";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});

describe("unattached-volume", () => {
  const volume = (over: Partial<Resource> = {}) =>
    evidence({
      resource: { kind: "ebs-volume", resourceId: "vol-1", state: "available", facts: { attachments: 0 }, ...over },
    });

  it("flags a volume attached to nothing, high when the time of detaching is known", () => {
    expect(unattachedVolume(volume({ stateSince: "2026-02-01T00:00:00Z" }), defaults, NOW)).toMatchObject({
      rule: "unattached-volume",
      confidence: "high",
      evidence: [{ name: "attachments", value: 0 }],
      window: { from: "2026-02-01T00:00:00.000Z", to: NOW.toISOString() },
    });
    expect(unattachedVolume(volume(), defaults, NOW)?.confidence).toBe("medium");
  });

  it("is not flagged when attached, when attachments are unknown, or in-use", () => {
    expect(unattachedVolume(volume({ facts: { attachments: 1 } }), defaults, NOW)).toBeNull();
    expect(unattachedVolume(volume({ facts: {} }), defaults, NOW)).toBeNull();
    expect(unattachedVolume(volume({ state: "in-use" }), defaults, NOW)).toBeNull();
    expect(unattachedVolume(volume({ kind: "ec2-instance" }), defaults, NOW)).toBeNull();
  });

  it("waits out the grace day: exactly one day old is flagged, a minute younger is not", () => {
    const oneDay = new Date(NOW.getTime() - 86_400_000).toISOString();
    const younger = new Date(NOW.getTime() - 86_400_000 + 60_000).toISOString();
    expect(unattachedVolume(volume({ stateSince: oneDay }), defaults, NOW)).not.toBeNull();
    expect(unattachedVolume(volume({ stateSince: younger }), defaults, NOW)).toBeNull();
    expect(unattachedVolume(volume({ createdAt: younger }), defaults, NOW)).toBeNull();
  });

  it("a garbled time is read as unknown (medium), not as a crash", () => {
    expect(unattachedVolume(volume({ stateSince: "yesterday-ish" }), defaults, NOW)?.confidence).toBe("medium");
    expect(unattachedVolume(volume({ stateSince: "2026-13-45T00:00:00Z" }), defaults, NOW)?.confidence).toBe("medium");
  });

  it("a future time (clock skew) is within the grace period", () => {
    expect(unattachedVolume(volume({ stateSince: "2027-01-01T00:00:00Z" }), defaults, NOW)).toBeNull();
  });
});

describe("unassociated-ip", () => {
  const ip = (associated: boolean | undefined) =>
    evidence({
      resource: {
        kind: "elastic-ip",
        resourceId: "eipalloc-1",
        createdAt: "2025-01-01T00:00:00Z",
        facts: { associated },
      },
    });

  it("flags an address associated with nothing, and only that", () => {
    expect(unassociatedIp(ip(false), defaults, NOW)).toMatchObject({ rule: "unassociated-ip", confidence: "high" });
    expect(unassociatedIp(ip(true), defaults, NOW)).toBeNull();
    expect(unassociatedIp(ip(undefined), defaults, NOW)).toBeNull();
  });

  it("a grace of zero days flags at once", () => {
    const fresh = evidence({
      resource: { kind: "elastic-ip", createdAt: NOW.toISOString(), facts: { associated: false } },
    });
    expect(unassociatedIp(fresh, defaults, NOW)).toBeNull();
    expect(unassociatedIp(fresh, parseThresholds({ detachedGraceDays: 0 }), NOW)).not.toBeNull();
  });
});
