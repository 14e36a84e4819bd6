import { describe, expect, it } from "vitest";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";
import { stoppedInstance } from "@/lib/zombies/rules/stopped-instance";
import { parseThresholds } from "@/lib/zombies/thresholds";

// A stopped instance pays for its volumes: the finding names them and their cost, and is high
// when any of them (or the instance itself) was billed.

const defaults = parseThresholds({});
const stoppedSince = new Date(NOW.getTime() - 45 * 86_400_000).toISOString();
const [first, last] = [lastDays(30)[0], lastDays(30)[29]];
const stopped = (volumes: { volumeId: string; costs: Record<string, Record<string, string>> }[] | undefined) =>
  evidence({ resource: { kind: "ec2-instance", state: "stopped", stateSince: stoppedSince }, volumes });

describe("stopped-instance with attached volumes", () => {
  it("counts each volume's cost per currency, and the total with the instance's own", () => {
    const finding = stoppedInstance(
      stopped([
        { volumeId: "vol-0root", costs: { [first]: { USD: "0.2104" }, [last]: { USD: "0.2104" } } },
        { volumeId: "vol-0data", costs: { [last]: { EUR: "0.6575", USD: "0.0001" } } },
      ]),
      defaults,
      NOW,
    )!;
    expect(finding.confidence).toBe("high");
    expect(finding.confidenceReason).toMatch(/billed on 2 of the last 30 days/);
    const values = Object.fromEntries(finding.evidence.map((e) => [e.name, e.value]));
    expect(values).toEqual({
      "stopped-days": 45,
      "effective-cost:USD": "0.4209",
      "effective-cost:EUR": "0.6575",
      "attached-volumes": 2,
    });
    expect(finding.notes).toEqual([
      "volume vol-0root: 0.4208 USD in the last 30 days",
      "volume vol-0data: 0.6575 EUR, 0.0001 USD in the last 30 days",
      "Terminating deletes only the volumes marked DeleteOnTermination: delete the others to save all of this.",
    ]);
  });

  it("is medium when no volume has cost lines, and says which", () => {
    const finding = stoppedInstance(stopped([{ volumeId: "vol-0quiet", costs: {} }]), defaults, NOW)!;
    expect(finding.confidence).toBe("medium");
    expect(finding.evidence.map((e) => e.name)).toEqual(["stopped-days", "attached-volumes"]);
    expect(finding.notes[0]).toBe("volume vol-0quiet has no cost lines in the last 30 days");
  });

  it("says nothing of volumes when they are not known", () => {
    const finding = stoppedInstance(stopped(undefined), defaults, NOW)!;
    expect(finding.evidence.map((e) => e.name)).toEqual(["stopped-days"]);
    expect(finding.notes).toEqual([]);
  });
});
