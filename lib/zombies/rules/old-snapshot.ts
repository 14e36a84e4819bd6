import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { ageDays } from "@/lib/zombies/rules/window";

/**
 * A snapshot older than N days that no image uses (Custodian's ebs-snapshot `unused`). Unknown
 * image usage or an unknown creation time is no finding.
 */
export function oldSnapshot(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (resource.kind !== "ebs-snapshot") return null;
  const images = resource.facts.imageIds;
  if (!Array.isArray(images) || images.length > 0) return null;
  const age = ageDays(resource.createdAt, now);
  if (age === null || !(age > thresholds.snapshotDays)) return null;
  const window = { from: new Date(Date.parse(resource.createdAt!)).toISOString(), to: now.toISOString() };
  return {
    rule: "old-snapshot",
    resourceKey: resource.key,
    confidence: "high",
    confidenceReason: "creation time and image usage both known",
    summary: `Snapshot ${resource.resourceId} is ${Math.floor(age)} days old (more than ${thresholds.snapshotDays}) and used by no image.`,
    evidence: [
      { name: "age-days", value: Math.floor(age), unit: "days", op: "gt", threshold: thresholds.snapshotDays, window },
      { name: "images", value: 0, op: "eq", threshold: 0 },
    ],
    window,
    notes: [],
  };
}
