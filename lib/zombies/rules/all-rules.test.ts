import { describe, expect, it } from "vitest";
import type { Evidence } from "@/lib/zombies/evidence";
import { protectionOf } from "@/lib/zombies/protection";
import { findZombies } from "@/lib/zombies/rules/all-rules";
import { evidence, lastDays, NOW, series } from "@/lib/zombies/rules/evidence-builders";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const month = Object.fromEntries(lastDays(30).map((d) => [d, { USD: "2.4" }]));
const longAgo = "2025-06-01T00:00:00Z";
const rulesOf = (e: Evidence) => findZombies(e, defaults, NOW).map((f) => f.rule);

describe("findZombies on a demo-like estate", () => {
  it("finds each planted zombie by exactly its rule", () => {
    const preview = evidence({
      resource: { kind: "ec2-instance", environment: "preview-pr-17", state: "running", createdAt: longAgo },
      environmentRequests: { since: "2026-01-01", byDay: { "2026-02-01": 120 } },
      environmentDeployments: { since: "2026-01-01", byDay: { "2026-02-01": 1 } },
      costs: month,
    });
    expect(rulesOf(preview)).toEqual(["idle-environment"]);
    const volume = evidence({
      resource: { kind: "ebs-volume", state: "available", stateSince: longAgo, facts: { attachments: 0 } },
    });
    expect(rulesOf(volume)).toEqual(["unattached-volume"]);
    const ip = evidence({ resource: { kind: "elastic-ip", createdAt: longAgo, facts: { associated: false } } });
    expect(rulesOf(ip)).toEqual(["unassociated-ip"]);
    const stopped = evidence({
      resource: { kind: "ec2-instance", state: "stopped", stateSince: longAgo },
      costs: month,
    });
    expect(rulesOf(stopped)).toEqual(["stopped-instance"]);
    const usage = Object.fromEntries(lastDays(7).map((d) => [d, { USD: { used: "10", unused: "10" } }]));
    expect(rulesOf(evidence({ resource: { kind: "commitment" }, commitment: usage }))).toEqual(["unused-commitment"]);
  });

  it("leaves a quiet but used batch service alone", () => {
    const batch = evidence({
      resource: {
        kind: "ec2-instance",
        service: "nightly-batch",
        environment: "production",
        state: "running",
        createdAt: longAgo,
      },
      metrics: { CPUUtilization: series([...Array(13).fill(2), 85]), NetworkIn: series(Array(14).fill(1000)) },
      serviceRequests: {
        since: "2026-01-01",
        byDay: Object.fromEntries(
          lastDays(14)
            .filter((_, i) => i % 7 === 6)
            .map((d) => [d, 4]),
        ),
      },
      costs: month,
    });
    expect(rulesOf(batch)).toEqual([]);
  });

  it("flags idle production compute but protects it", () => {
    const prod = evidence({
      resource: { kind: "ec2-instance", environment: "prod", state: "running" },
      metrics: { CPUUtilization: series(Array(14).fill(1)), NetworkIn: series(Array(14).fill(1000)) },
    });
    const [finding] = findZombies(prod, defaults, NOW);
    expect(finding.rule).toBe("idle-compute");
    expect(protectionOf(prod.resource, finding.rule, defaults)).toMatchObject({ protected: true });
  });
});
