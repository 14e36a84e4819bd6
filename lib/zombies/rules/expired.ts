import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { expiryTags } from "@/lib/zombies/rules/expiry-tag";

/**
 * A `ttl` / `expires` / `expiry` tag in the past. With several such tags the earliest readable one
 * decides; unreadable ones are listed in the finding's notes (and on their own decide nothing).
 */
export function expired(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  const readings = expiryTags(resource, thresholds.expiryTagKeys);
  const notes = readings.flatMap((r) => ("ignored" in r ? [`tag ${r.key} ignored: ${r.ignored}`] : []));
  const dated = readings.flatMap((r) => ("at" in r ? [r] : [])).sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = dated[0];
  if (!first || !(first.at.getTime() <= now.getTime())) return null;
  const window = { from: first.at.toISOString(), to: now.toISOString() };
  return {
    rule: "expired",
    resourceKey: resource.key,
    confidence: first.relative ? "medium" : "high",
    confidenceReason: first.relative ? "a duration counted from the recorded creation time" : "an absolute expiry date",
    summary: `Tag ${first.key}=${first.value.slice(0, 80)} says it expired at ${first.at.toISOString()}.`,
    evidence: [
      { name: `tag:${first.key}`, value: first.at.toISOString(), op: "lte", threshold: now.toISOString(), window },
    ],
    window,
    notes,
  };
}
