import type { Evidence } from "@/lib/zombies/evidence";
import type { EvidenceItem, Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { ageDays, costIn, dayWindow } from "@/lib/zombies/rules/window";

/**
 * An instance stopped for more than N days (Custodian's state-age): it still pays for its volumes
 * and addresses. Without a known time of stopping it is not flagged; without a bill it is medium.
 */
export function stoppedInstance(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (resource.kind !== "ec2-instance" || resource.state !== "stopped") return null;
  const age = ageDays(resource.stateSince, now);
  if (age === null || !(age > thresholds.stoppedDays)) return null;
  const billing = dayWindow(30, now);
  const { byCurrency, billedDays } = costIn(evidence.costs, billing);
  const stopped = { from: new Date(Date.parse(resource.stateSince!)).toISOString(), to: now.toISOString() };
  const costs: EvidenceItem[] = Object.entries(byCurrency).map(([currency, amount]) => ({
    name: `effective-cost:${currency}`,
    value: amount,
    unit: currency,
    window: { from: billing.from, to: billing.to },
  }));
  return {
    rule: "stopped-instance",
    resourceKey: resource.key,
    confidence: billedDays > 0 ? "high" : "medium",
    confidenceReason:
      billedDays > 0
        ? `billed on ${billedDays} of the last 30 days while stopped`
        : "no cost lines for it in the last 30 days",
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
      ...costs,
    ],
    window: stopped,
    notes: [],
  };
}
