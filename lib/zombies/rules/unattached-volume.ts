import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { detachedFinding } from "@/lib/zombies/rules/detached";

/** An EBS volume attached to nothing (Trusted Advisor, Custodian's ebs garbage collection). */
export function unattachedVolume(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (resource.kind !== "ebs-volume") return null;
  const attachments = resource.facts.attachments;
  if (attachments !== 0) return null;
  if (resource.state !== undefined && resource.state !== "available") return null;
  return detachedFinding(
    evidence,
    thresholds,
    now,
    "unattached-volume",
    { name: "attachments", value: 0, op: "eq", threshold: 0 },
    `Volume ${resource.resourceId} is attached to no instance.`,
  );
}
