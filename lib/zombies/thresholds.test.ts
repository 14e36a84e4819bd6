import { describe, expect, it } from "vitest";
import { defaultThresholds, parseThresholds } from "@/lib/zombies/thresholds";

describe("thresholds", () => {
  it("has the anchors' defaults", () => {
    expect(defaultThresholds.idleCompute).toEqual({
      cpuPercent: 10,
      networkBytes: 5_000_000,
      minDays: 4,
      windowDays: 14,
    });
    expect(defaultThresholds.idleLoadBalancer).toEqual({ requestsPerDay: 100, days: 7 });
    expect(defaultThresholds).toMatchObject({
      idleDatabaseDays: 7,
      stoppedDays: 30,
      snapshotDays: 90,
      noTrafficDays: 14,
      protectTagKey: "vigil-protect",
    });
    expect(defaultThresholds.expiryTagKeys).toEqual(["ttl", "expires", "expiry"]);
  });

  it("merges a partial override over the defaults, nested fields included", () => {
    const t = parseThresholds({ idleCompute: { cpuPercent: 5 }, stoppedDays: 60 });
    expect(t.idleCompute).toEqual({ cpuPercent: 5, networkBytes: 5_000_000, minDays: 4, windowDays: 14 });
    expect(t.stoppedDays).toBe(60);
    expect(t.idleLoadBalancer.days).toBe(7);
    expect(parseThresholds(null)).toEqual(defaultThresholds);
  });

  it("names the field and why for bad input", () => {
    const bad: Array<[unknown, string]> = [
      [{ idleCompute: { cpuPercent: 101 } }, "idleCompute.cpuPercent"],
      [{ idleCompute: { cpuPercent: NaN } }, "idleCompute.cpuPercent"],
      [{ stoppedDays: 0 }, "stoppedDays"],
      [{ stoppedDays: 1.5 }, "stoppedDays"],
      [{ noTrafficDays: 456 }, "noTrafficDays"],
      [{ noTrafficDays: "14" }, "noTrafficDays"],
      [{ protectTagKey: "" }, "protectTagKey"],
      [{ protectTagKey: "a\u0000b" }, "protectTagKey"],
      [{ protectTagKey: "\ud800" }, "protectTagKey"],
      [{ expiryTagKeys: ["x".repeat(129)] }, "expiryTagKeys.0"],
      [{ nonProductionEnvironments: Array(101).fill("dev") }, "nonProductionEnvironments"],
      [{ allow: [{ name: "x", kind: "ec2-instance", rules: ["no-such-rule"] }] }, "allow.0.rules.0"],
      [{ unusedCommitment: { minUtilisationPercent: -1 } }, "unusedCommitment.minUtilisationPercent"],
    ];
    for (const [input, field] of bad) {
      let message = "";
      try {
        parseThresholds(input);
      } catch (error) {
        message = JSON.stringify((error as { issues: Array<{ path: unknown[] }> }).issues.map((i) => i.path.join(".")));
      }
      expect(message, field).toContain(`"${field}`);
    }
  });
});
