import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { detachedFinding } from "@/lib/zombies/rules/detached";
import { dailyValues, dayWindow } from "@/lib/zombies/rules/window";

const METRIC = "RequestCount";

/**
 * Trusted Advisor's idle load balancer: no targets, or fewer than N requests on every one of the
 * last days. CloudWatch publishes RequestCount only when there were requests, so once the metric is
 * collected for the balancer a day without a datapoint counts as zero (Custodian's `missing-value: 0`
 * for the same check), at medium confidence. A balancer younger than the window is left alone.
 */
export function idleLoadBalancer(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource, metrics } = evidence;
  if (resource.kind !== "load-balancer") return null;
  if (resource.facts.targetCount === 0) {
    return detachedFinding(
      evidence,
      thresholds,
      now,
      "idle-load-balancer",
      { name: "targets", value: 0, op: "eq", threshold: 0 },
      `Load balancer ${resource.name ?? resource.resourceId} has no registered targets.`,
    );
  }
  if (!metrics[METRIC]) return null;
  const { requestsPerDay, days } = thresholds.idleLoadBalancer;
  const window = dayWindow(days, now);
  if (resource.createdAt && !(resource.createdAt.slice(0, 10) <= window.from)) return null;
  const notes: string[] = [];
  const daily = dailyValues(metrics, METRIC, window, (s) => s.sum, notes);
  const filled = daily.filter((d) => d.value === null).length;
  const values = daily.map((d) => ({ day: d.day, value: d.value ?? 0 }));
  if (values.some((d) => !(d.value < requestsPerDay))) return null;
  const range = { from: window.from, to: window.to };
  return {
    rule: "idle-load-balancer",
    resourceKey: resource.key,
    confidence: filled === 0 ? "high" : "medium",
    confidenceReason:
      filled === 0 ? `data on all ${days} days` : `${filled} of ${days} days had no datapoint, read as zero requests`,
    summary: `Load balancer ${resource.name ?? resource.resourceId} served fewer than ${requestsPerDay} requests on each of the last ${days} days.`,
    evidence: [
      {
        name: METRIC,
        value: Math.max(...values.map((d) => d.value)),
        unit: "requests/day",
        op: "lt",
        threshold: requestsPerDay,
        window: range,
        days: values,
        matchedDays: days,
        requiredDays: days,
      },
    ],
    window: range,
    notes,
  };
}
