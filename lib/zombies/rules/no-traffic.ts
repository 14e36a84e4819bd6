import type { Evidence } from "@/lib/zombies/evidence";
import type { EvidenceItem, Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { activityIn, costIn, dayWindow, total } from "@/lib/zombies/rules/window";

/**
 * A service's resource keeps billing while the service served no entry requests for N days.
 * Needs traces for the whole window (a service Vigil never saw is not proven silent) and a bill.
 */
export function noTraffic(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  if (!resource.service || resource.kind === "commitment") return null;
  const window = dayWindow(thresholds.noTrafficDays, now);
  const requests = activityIn(evidence.serviceRequests, window);
  if (!requests || requests.some((d) => d.value === null) || total(requests) > 0) return null;
  const { byCurrency, billedDays } = costIn(evidence.costs, window);
  if (billedDays === 0) return null;
  const range = { from: window.from, to: window.to };
  const costs: EvidenceItem[] = Object.entries(byCurrency).map(([currency, amount]) => ({
    name: `effective-cost:${currency}`,
    value: amount,
    unit: currency,
    window: range,
  }));
  const everyDay = billedDays === window.days.length;
  return {
    rule: "no-traffic",
    resourceKey: resource.key,
    confidence: everyDay ? "high" : "medium",
    confidenceReason: everyDay
      ? `billed on all ${billedDays} days`
      : `billed on ${billedDays} of ${window.days.length} days`,
    summary: `Service ${resource.service} served no entry requests in the last ${window.days.length} days while this resource kept billing.`,
    evidence: [
      {
        name: "entry-requests",
        value: 0,
        op: "eq",
        threshold: 0,
        window: range,
        days: requests,
        matchedDays: requests.length,
        requiredDays: window.days.length,
      },
      ...costs,
    ],
    window: range,
    notes: [],
  };
}
