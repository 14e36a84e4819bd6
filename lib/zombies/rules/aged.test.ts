import { describe, expect, it } from "vitest";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";
import { oldSnapshot } from "@/lib/zombies/rules/old-snapshot";
import { stoppedInstance } from "@/lib/zombies/rules/stopped-instance";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const ago = (days: number, ms = 0) => new Date(NOW.getTime() - days * 86_400_000 - ms).toISOString();

describe("stopped-instance (stopped for over 30 days)", () => {
  const stopped = (stateSince: string | undefined, costs = {}) =>
    evidence({ resource: { kind: "ec2-instance", state: "stopped", stateSince }, costs });

  it("flags 30 days and a second, not exactly 30 days", () => {
    expect(stoppedInstance(stopped(ago(30, 1000)), defaults, NOW)?.rule).toBe("stopped-instance");
    expect(stoppedInstance(stopped(ago(30)), defaults, NOW)).toBeNull();
    expect(stoppedInstance(stopped(ago(29)), defaults, NOW)).toBeNull();
  });

  it("is high with storage still billed, medium without cost lines", () => {
    const costs = { [lastDays(30)[0]]: { USD: "0.8" }, [lastDays(30)[29]]: { USD: "0.8" } };
    const billed = stoppedInstance(stopped(ago(45), costs), defaults, NOW);
    expect(billed?.confidence).toBe("high");
    expect(billed?.evidence[1]).toMatchObject({ name: "effective-cost:USD", value: "1.6" });
    expect(stoppedInstance(stopped(ago(45)), defaults, NOW)?.confidence).toBe("medium");
  });

  it("needs a known, valid time of stopping and the stopped state", () => {
    expect(stoppedInstance(stopped(undefined), defaults, NOW)).toBeNull();
    expect(stoppedInstance(stopped("not a date"), defaults, NOW)).toBeNull();
    expect(stoppedInstance(stopped("2099-01-01T00:00:00Z"), defaults, NOW)).toBeNull();
    const running = evidence({ resource: { kind: "ec2-instance", state: "running", stateSince: ago(90) } });
    expect(stoppedInstance(running, defaults, NOW)).toBeNull();
  });
});

describe("old-snapshot (older than 90 days, used by no image)", () => {
  const snap = (createdAt: string | undefined, imageIds: string[] | undefined) =>
    evidence({ resource: { kind: "ebs-snapshot", resourceId: "snap-1", createdAt, facts: { imageIds } } });

  it("flags 90 days and a second with no image, not exactly 90", () => {
    expect(oldSnapshot(snap(ago(90, 1000), []), defaults, NOW)?.evidence[0]).toMatchObject({
      name: "age-days",
      value: 90,
      threshold: 90,
    });
    expect(oldSnapshot(snap(ago(90), []), defaults, NOW)).toBeNull();
  });

  it("a snapshot an image uses, or whose use is unknown, is kept", () => {
    expect(oldSnapshot(snap(ago(400), ["ami-1"]), defaults, NOW)).toBeNull();
    expect(oldSnapshot(snap(ago(400), undefined), defaults, NOW)).toBeNull();
  });

  it("unknown, malformed or future creation times decide nothing", () => {
    expect(oldSnapshot(snap(undefined, []), defaults, NOW)).toBeNull();
    expect(oldSnapshot(snap("ancient", []), defaults, NOW)).toBeNull();
    expect(oldSnapshot(snap("2030-01-01T00:00:00Z", []), defaults, NOW)).toBeNull();
  });
});
