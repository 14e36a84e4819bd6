import { describe, expect, it } from "vitest";
import { evidence, NOW } from "@/lib/zombies/rules/evidence-builders";
import { expired } from "@/lib/zombies/rules/expired";
import { readExpiry } from "@/lib/zombies/rules/expiry-tag";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const tagged = (tags: Record<string, string>, createdAt?: string) => evidence({ resource: { tags, createdAt } });

describe("expired (ttl / expires / expiry tag in the past)", () => {
  it("a date expires when that UTC day ends", () => {
    expect(expired(tagged({ expires: "2026-03-14" }), defaults, NOW)).toMatchObject({
      confidence: "high",
      evidence: [{ name: "tag:expires", value: "2026-03-15T00:00:00.000Z" }],
    });
    expect(expired(tagged({ expires: "2026-03-15" }), defaults, NOW)).toBeNull();
  });

  it("a date-time exactly now has expired; a millisecond later has not", () => {
    expect(expired(tagged({ expiry: "2026-03-15T12:00:00Z" }), defaults, NOW)).not.toBeNull();
    expect(expired(tagged({ expiry: "2026-03-15T12:00:00.001Z" }), defaults, NOW)).toBeNull();
  });

  it("reads offsets, zone-less times as UTC, and a space for T", () => {
    expect(readExpiry("ttl", "2026-03-15T13:30:00+01:00", undefined)).toMatchObject({
      at: new Date("2026-03-15T12:30:00Z"),
    });
    expect(readExpiry("ttl", "2026-03-15 11:00", undefined)).toMatchObject({ at: new Date("2026-03-15T11:00:00Z") });
    expect(expired(tagged({ TTL: "2026-03-15 11:00" }), defaults, NOW)?.evidence[0].name).toBe("tag:TTL");
  });

  it("a duration counts from creation, at medium confidence", () => {
    const finding = expired(tagged({ ttl: "7d" }, "2026-03-01T00:00:00Z"), defaults, NOW);
    expect(finding).toMatchObject({ confidence: "medium", window: { from: "2026-03-08T00:00:00.000Z" } });
    expect(expired(tagged({ ttl: "2w" }, "2026-03-01T12:00:00Z"), defaults, NOW)).not.toBeNull();
    expect(expired(tagged({ ttl: "15d" }, "2026-03-01T00:00:00Z"), defaults, NOW)).toBeNull();
    expect(readExpiry("ttl", "36h", "2026-03-01T00:00:00Z")).toMatchObject({
      at: new Date("2026-03-02T12:00:00Z"),
      relative: true,
    });
  });

  it("malformed values are ignored with a reason, never a crash", () => {
    const bad = [
      "soon",
      "",
      "12345",
      "2026-02-30",
      "2026-13-01",
      "2026-03-01T25:00:00Z",
      "-7d",
      "7 days",
      "\u0000",
      "\ud800",
      "9".repeat(10_000),
    ];
    for (const value of bad) {
      const reading = readExpiry("ttl", value, "2026-01-01T00:00:00Z");
      expect("ignored" in reading, value.slice(0, 20)).toBe(true);
    }
    const finding = expired(tagged({ expires: "never", ttl: "2026-03-01" }), defaults, NOW);
    expect(finding?.notes).toEqual([expect.stringContaining("tag expires ignored")]);
    expect(expired(tagged({ expires: "banana" }), defaults, NOW)).toBeNull();
  });

  it("a duration without a known creation time is ignored with a reason", () => {
    expect(readExpiry("ttl", "7d", undefined)).toEqual({
      key: "ttl",
      value: "7d",
      ignored: "7d is a duration but the creation time is unknown",
    });
  });

  it("the earliest readable tag decides; a future date is no finding", () => {
    expect(expired(tagged({ expires: "2030-01-01", expiry: "2026-01-01" }), defaults, NOW)?.evidence[0].name).toBe(
      "tag:expiry",
    );
    expect(expired(tagged({ expires: "2030-01-01" }), defaults, NOW)).toBeNull();
  });

  it("other tag keys are not expiry tags unless configured", () => {
    expect(expired(tagged({ "delete-after": "2020-01-01" }), defaults, NOW)).toBeNull();
    expect(
      expired(tagged({ "delete-after": "2020-01-01" }), parseThresholds({ expiryTagKeys: ["delete-after"] }), NOW),
    ).not.toBeNull();
  });
});
