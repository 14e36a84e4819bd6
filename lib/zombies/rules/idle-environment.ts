import type { Evidence } from "@/lib/zombies/evidence";
import type { Finding } from "@/lib/zombies/rules/finding";
import { environmentOf, inEnvironmentList } from "@/lib/zombies/rules/environments";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { activityIn, dayWindow, total } from "@/lib/zombies/rules/window";

/**
 * A non-production environment with no entry requests and no deployments for N days. Requests must
 * have been observed for the whole window; without delivery data the finding is only medium.
 */
export function idleEnvironment(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource } = evidence;
  const environment = environmentOf(resource);
  if (resource.kind === "commitment") return null;
  if (!inEnvironmentList(environment, thresholds.nonProductionEnvironments)) return null;
  if (inEnvironmentList(environment, thresholds.productionEnvironments)) return null;
  const window = dayWindow(thresholds.idleEnvironmentDays, now);
  const requests = activityIn(evidence.environmentRequests, window);
  if (!requests || requests.some((d) => d.value === null) || total(requests) > 0) return null;
  const deployments = activityIn(evidence.environmentDeployments, window);
  if (deployments && (deployments.some((d) => d.value === null) || total(deployments) > 0)) return null;
  const range = { from: window.from, to: window.to };
  const n = window.days.length;
  const zero = { value: 0, op: "eq" as const, threshold: 0, window: range, matchedDays: n, requiredDays: n };
  return {
    rule: "idle-environment",
    resourceKey: resource.key,
    confidence: deployments ? "high" : "medium",
    confidenceReason: deployments
      ? `requests and deployments observed for all ${n} days`
      : "no deployment data for the environment",
    summary: `Environment ${environment} had no entry requests${deployments ? " and no deployments" : ""} in the last ${n} days.`,
    evidence: [
      { name: "entry-requests", ...zero, days: requests },
      ...(deployments ? [{ name: "deployments", ...zero, days: deployments }] : []),
    ],
    window: range,
    notes: [],
  };
}
