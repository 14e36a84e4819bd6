import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { dailyValues, dayWindow } from "@/lib/zombies/rules/window";

const METRIC = "DatabaseConnections";

/**
 * Trusted Advisor's idle RDS instance: no connection on any of the last N days. A running RDS
 * instance reports DatabaseConnections every minute, so a missing day is a gap in the evidence and
 * the rule does not fire; nor for an instance not "available" or younger than the window.
 */
export function idleDatabase(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource, metrics } = evidence;
  if (resource.kind !== "rds-instance") return null;
  if (resource.state !== undefined && resource.state !== "available") return null;
  const days = thresholds.idleDatabaseDays;
  const window = dayWindow(days, now);
  if (resource.createdAt && !(resource.createdAt.slice(0, 10) <= window.from)) return null;
  const notes: string[] = [];
  const daily = dailyValues(metrics, METRIC, window, (s) => s.max, notes);
  if (daily.some((d) => d.value === null || d.value > 0)) return null;
  const range = { from: window.from, to: window.to };
  return {
    rule: "idle-database",
    resourceKey: resource.key,
    confidence: "high",
    confidenceReason: `connection counts on all ${days} days`,
    summary: `Database ${resource.name ?? resource.resourceId} had no connections on any of the last ${days} days.`,
    evidence: [
      {
        name: METRIC,
        value: 0,
        unit: "connections (daily max)",
        op: "eq",
        threshold: 0,
        window: range,
        days: daily,
        matchedDays: days,
        requiredDays: days,
      },
    ],
    window: range,
    notes,
  };
}
