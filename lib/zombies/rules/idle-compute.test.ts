import { describe, expect, it } from "vitest";
import { idleCompute } from "@/lib/zombies/rules/idle-compute";
import { evidence, lastDays, NOW, series, stat } from "@/lib/zombies/rules/evidence-builders";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const quiet = (n: number) => Array(n).fill(1_000_000);
const busy = (n: number) => Array(n).fill(50);

/** 14 days: CPU per day, and network (in, split across NetworkIn/NetworkOut). */
function instance(cpu: Array<number | null>, network: Array<number | null> | null, state = "running") {
  const metrics: Record<string, ReturnType<typeof series>> = { CPUUtilization: series(cpu) };
  if (network) {
    metrics.NetworkIn = series(network.map((v) => (v === null ? null : v / 2)));
    metrics.NetworkOut = series(network.map((v) => (v === null ? null : v / 2)));
  }
  return evidence({ resource: { state }, metrics });
}

describe("idle-compute (Trusted Advisor: CPU < 10% and network < 5 MB on >= 4 of 14 days)", () => {
  it("flags an instance idle on exactly 4 of the last 14 days, with the days and the window", () => {
    const cpu = [...busy(10), 2, 3, 4, 5];
    const finding = idleCompute(instance(cpu, quiet(14)), defaults, NOW);
    expect(finding?.rule).toBe("idle-compute");
    expect(finding?.window).toEqual({ from: "2026-03-01", to: "2026-03-15" });
    expect(finding?.evidence[0]).toMatchObject({
      name: "CPUUtilization",
      matchedDays: 4,
      requiredDays: 4,
      threshold: 10,
    });
    expect(finding?.evidence[0].days).toHaveLength(14);
    expect(finding?.evidence[0].days?.[13]).toEqual({ day: "2026-03-14", value: 5 });
    expect(finding?.confidence).toBe("medium"); // busy on 10 of the days with data
  });

  it("is high confidence when idle on every day of the window", () => {
    const finding = idleCompute(instance(Array(14).fill(1), quiet(14)), defaults, NOW);
    expect(finding?.confidence).toBe("high");
    expect(finding?.evidence[0].matchedDays).toBe(14);
  });

  it("one day short (3 idle days) is no finding", () => {
    expect(idleCompute(instance([...busy(11), 1, 1, 1], quiet(14)), defaults, NOW)).toBeNull();
  });

  it("a day at exactly 10% CPU or exactly 5,000,000 bytes is not idle (strictly under)", () => {
    expect(idleCompute(instance([...busy(10), 10, 10, 1, 1], quiet(14)), defaults, NOW)).toBeNull();
    const net = [...quiet(10), 5_000_000, 5_000_000, 1, 1];
    expect(idleCompute(instance([...busy(10), 1, 1, 1, 1], net), defaults, NOW)).toBeNull();
    expect(idleCompute(instance([...busy(10), 9.999, 9.999, 1, 1], quiet(14)), defaults, NOW)).not.toBeNull();
  });

  it("low CPU with busy network is not idle", () => {
    expect(idleCompute(instance(Array(14).fill(1), Array(14).fill(50_000_000)), defaults, NOW)).toBeNull();
  });

  it("a stopped instance sending no metrics is not idle", () => {
    expect(idleCompute(instance(Array(14).fill(null), Array(14).fill(null)), defaults, NOW)).toBeNull();
    expect(idleCompute(instance(Array(14).fill(null), Array(14).fill(null), "stopped"), defaults, NOW)).toBeNull();
    expect(idleCompute(evidence({ resource: { state: "running" } }), defaults, NOW)).toBeNull();
  });

  it("a stopped instance is skipped even with old low readings in the window", () => {
    expect(idleCompute(instance(Array(14).fill(1), quiet(14), "stopped"), defaults, NOW)).toBeNull();
  });

  it("missing days never count as idle and lower the confidence", () => {
    const cpu = [...Array(10).fill(null), 1, 1, 1, 1];
    const net = [...Array(10).fill(null), 1, 1, 1, 1];
    const finding = idleCompute(instance(cpu, net), defaults, NOW);
    expect(finding?.confidence).toBe("low");
    expect(finding?.confidenceReason).toContain("4 of 14");
    expect(idleCompute(instance([...Array(11).fill(null), 1, 1, 1], quiet(14)), defaults, NOW)).toBeNull();
  });

  it("a day with CPU but no network data does not count when network is collected", () => {
    const net = [...quiet(10), null, null, null, 1];
    expect(idleCompute(instance(Array(14).fill(1), net), defaults, NOW)?.evidence[0].matchedDays).toBe(11);
    expect(idleCompute(instance([...busy(10), 1, 1, 1, 1], net), defaults, NOW)).toBeNull();
  });

  it("without any network metric CPU alone decides, at most medium", () => {
    const finding = idleCompute(instance(Array(14).fill(1), null), defaults, NOW);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.evidence).toHaveLength(1);
  });

  it("NaN and Infinity readings are ignored with a note, not counted and no crash", () => {
    const cpu = [...busy(9), NaN, Infinity, 1, 1, 1];
    expect(idleCompute(instance(cpu, quiet(14)), defaults, NOW)).toBeNull();
    const finding = idleCompute(instance([...busy(9), NaN, 1, 1, 1, 1], quiet(14)), defaults, NOW);
    expect(finding?.notes.join()).toContain("NaN is not a finite number");
    expect(finding?.evidence[0].days?.[9]).toEqual({ day: lastDays(14)[9], value: null });
  });

  it("reads the hostmetrics ratio as a percent", () => {
    const metrics = { "system.cpu.utilization": series(Array(14).fill(0.05)), NetworkIn: series(quiet(14)) };
    expect(idleCompute(evidence({ metrics }), defaults, NOW)?.evidence[0].value).toBeCloseTo(5);
    const busyRatio = { "system.cpu.utilization": series(Array(14).fill(0.5)) };
    expect(idleCompute(evidence({ metrics: busyRatio }), defaults, NOW)).toBeNull();
  });

  it("data older than the window does not count; today's partial day is not in it", () => {
    const old = series([1, 1, 1, 1, ...busy(14)]);
    const metrics = { CPUUtilization: { ...old, "2026-03-15": stat(0) } };
    expect(idleCompute(evidence({ metrics }), defaults, NOW)).toBeNull();
  });

  it("honours configured thresholds", () => {
    const custom = parseThresholds({ idleCompute: { cpuPercent: 60, minDays: 14 } });
    expect(idleCompute(instance(busy(14), quiet(14)), custom, NOW)?.evidence[0].matchedDays).toBe(14);
    expect(idleCompute(instance([...busy(13), 70], quiet(14)), custom, NOW)).toBeNull();
  });

  it("ignores other kinds", () => {
    const e = instance(Array(14).fill(1), quiet(14));
    expect(idleCompute({ ...e, resource: { ...e.resource, kind: "rds-instance" } }, defaults, NOW)).toBeNull();
  });
});

describe("idle-compute and traffic", () => {
  it("a quiet instance whose service served requests in the window is in use", () => {
    const e = instance(Array(14).fill(1), quiet(14));
    const served = { ...e, serviceRequests: { since: "2026-01-01", byDay: { [lastDays(14)[6]]: 3 } } };
    expect(idleCompute(served, defaults, NOW)).toBeNull();
    const before = { ...e, serviceRequests: { since: "2026-01-01", byDay: { "2026-02-28": 3 } } };
    expect(idleCompute(before, defaults, NOW)).not.toBeNull();
  });
});
