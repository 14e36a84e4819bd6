import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { detachedFinding } from "@/lib/zombies/rules/detached";

/** An Elastic IP associated with nothing: AWS bills it by the hour (Custodian's eip garbage collection). */
export function unassociatedIp(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (resource.kind !== "elastic-ip" || resource.facts.associated !== false) return null;
  return detachedFinding(
    evidence,
    thresholds,
    now,
    "unassociated-ip",
    { name: "associated", value: false, op: "eq", threshold: "false" },
    `Elastic IP ${resource.resourceId} is associated with no instance or network interface.`,
  );
}
