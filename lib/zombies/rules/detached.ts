import type { Evidence } from "@/lib/zombies/evidence";
import type { EvidenceItem, Finding, RuleId, TimeRange } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { ageDays } from "@/lib/zombies/rules/window";

/**
 * Shared by the two unambiguous inventory rules: a fact says the resource serves nothing. It is
 * skipped while younger than the grace period in its current state (likely mid-deploy).
 */
export function detachedFinding(
  evidence: Evidence,
  thresholds: Thresholds,
  now: Date,
  rule: RuleId,
  fact: EvidenceItem,
  summary: string,
): Finding | null {
  const { resource } = evidence;
  const since = resource.stateSince ?? resource.createdAt;
  const age = ageDays(since, now);
  if (age !== null && age < thresholds.detachedGraceDays) return null;
  const window: TimeRange = {
    from: age !== null ? new Date(Date.parse(since!)).toISOString() : now.toISOString(),
    to: now.toISOString(),
  };
  return {
    rule,
    resourceKey: resource.key,
    confidence: age !== null ? "high" : "medium",
    confidenceReason: age !== null ? `in this state for ${Math.floor(age)} days` : "how long it has been so is unknown",
    summary,
    evidence: [{ ...fact, window }],
    window,
    notes: [],
  };
}
