import { addDecimal } from "@/lib/decimal";
import type { DailyCost, Evidence } from "@/lib/zombies/evidence";
import type { EvidenceItem, Finding, TimeRange } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { ageDays, costIn, dayWindow } from "@/lib/zombies/rules/window";

const costItems = (name: string, byCurrency: Record<string, string>, window: TimeRange): EvidenceItem[] =>
  Object.entries(byCurrency).map(([currency, amount]) => ({
    name: `${name}:${currency}`,
    value: amount,
    unit: currency,
    window,
  }));

/** The instance's own cost and its attached volumes' as one series, per day and currency (exact). */
function stillPaying(evidence: Evidence): DailyCost {
  const merged: DailyCost = {};
  for (const costs of [evidence.costs, ...(evidence.volumes ?? []).map((v) => v.costs)])
    for (const [day, currencies] of Object.entries(costs)) {
      const into = (merged[day] ??= {});
      for (const [currency, amount] of Object.entries(currencies))
        into[currency] = addDecimal(into[currency] ?? "0", amount);
    }
  return merged;
}

/**
 * An instance stopped for more than N days (Custodian's state-age): it still pays for its volumes
 * and addresses. Without a known time of stopping it is not flagged; when neither it nor its
 * volumes were billed it is medium. The cost named is its own plus each attached volume's.
 */
export function stoppedInstance(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (resource.kind !== "ec2-instance" || resource.state !== "stopped") return null;
  const age = ageDays(resource.stateSince, now);
  if (age === null || !(age > thresholds.stoppedDays)) return null;
  const billing = dayWindow(30, now);
  const range = { from: billing.from, to: billing.to };
  const { byCurrency, billedDays } = costIn(stillPaying(evidence), billing);
  // Per volume in the notes: an evidence name is read as words, and a volume id is not one.
  const perVolume = (evidence.volumes ?? []).map((v) => {
    const amounts = Object.entries(costIn(v.costs, billing).byCurrency).map(
      ([currency, amount]) => `${amount} ${currency}`,
    );
    return amounts.length
      ? `volume ${v.volumeId}: ${amounts.join(", ")} in the last 30 days`
      : `volume ${v.volumeId} has no cost lines in the last 30 days`;
  });
  const stopped = { from: new Date(Date.parse(resource.stateSince!)).toISOString(), to: now.toISOString() };
  return {
    rule: "stopped-instance",
    resourceKey: resource.key,
    confidence: billedDays > 0 ? "high" : "medium",
    confidenceReason:
      billedDays > 0
        ? `billed on ${billedDays} of the last 30 days while stopped (the instance and its volumes)`
        : "no cost lines for it or its volumes in the last 30 days",
    summary: `Instance ${resource.name ?? resource.resourceId} has been stopped for ${Math.floor(age)} days (more than ${thresholds.stoppedDays}) and still pays for its storage.`,
    evidence: [
      {
        name: "stopped-days",
        value: Math.floor(age),
        unit: "days",
        op: "gt",
        threshold: thresholds.stoppedDays,
        window: stopped,
      },
      ...costItems("effective-cost", byCurrency, range),
      ...(evidence.volumes ? [{ name: "attached-volumes", value: evidence.volumes.length, unit: "volumes" }] : []),
    ],
    window: stopped,
    notes: perVolume.length
      ? [
          ...perVolume,
          "Terminating deletes only the volumes marked DeleteOnTermination: delete the others to save all of this.",
        ]
      : [],
  };
}
