import { describe, expect, it } from "vitest";
import type { CommitmentUsage } from "@/lib/zombies/evidence";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";
import { unusedCommitment } from "@/lib/zombies/rules/unused-commitment";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const week = lastDays(7);
const usage = (used: string, unused: string, days = week, currency = "USD"): CommitmentUsage =>
  Object.fromEntries(days.map((d) => [d, { [currency]: { used, unused } }]));
const commitment = (c: CommitmentUsage) =>
  evidence({ resource: { kind: "commitment", resourceId: "ri-1" }, commitment: c });

describe("unused-commitment (utilisation under 80% over 7 days)", () => {
  it("flags the FOCUS spec scenario's 50% utilisation, exactly", () => {
    const finding = unusedCommitment(commitment(usage("0.5", "0.5")), defaults, NOW);
    expect(finding?.confidence).toBe("high");
    expect(finding?.evidence).toEqual([
      expect.objectContaining({ name: "utilisation-percent:USD", value: 50, threshold: 80 }),
      expect.objectContaining({ name: "unused-cost:USD", value: "3.5" }),
      expect.objectContaining({ name: "used-cost:USD", value: "3.5" }),
    ]);
  });

  it("exactly 80% is not under; a hair below is", () => {
    expect(unusedCommitment(commitment(usage("0.8", "0.2")), defaults, NOW)).toBeNull();
    expect(
      unusedCommitment(commitment(usage("0.799999999999999999", "0.200000000000000001")), defaults, NOW),
    ).not.toBeNull();
  });

  it("keeps currencies apart and says which one is under", () => {
    const c = usage("1", "0", week, "USD");
    for (const d of week) c[d].EUR = { used: "0.1", unused: "0.9" };
    const finding = unusedCommitment(commitment(c), defaults, NOW);
    expect(finding?.evidence.map((e) => e.name)).toEqual([
      "utilisation-percent:EUR",
      "unused-cost:EUR",
      "used-cost:EUR",
    ]);
    expect(finding?.evidence[0].value).toBe(10);
  });

  it("partial data lowers the confidence; none, or zero cost, is no finding", () => {
    expect(unusedCommitment(commitment(usage("0", "1", week.slice(3))), defaults, NOW)?.confidence).toBe("medium");
    expect(unusedCommitment(commitment(usage("0", "1", week.slice(5))), defaults, NOW)?.confidence).toBe("low");
    expect(unusedCommitment(commitment({}), defaults, NOW)).toBeNull();
    expect(unusedCommitment(commitment(usage("0", "0")), defaults, NOW)).toBeNull();
  });

  it("days outside the window do not count", () => {
    expect(unusedCommitment(commitment(usage("0", "1", ["2026-03-07", "2026-03-15"])), defaults, NOW)).toBeNull();
  });
});
