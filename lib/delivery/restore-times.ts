// Time to restore (2021: incident created → resolved) and failed deployment recovery time (2023:
// linked deployment finished → incident resolved), over incidents created in the window. Median and
// mean both, labelled: executives say "mean time to recovery", the DORA reports use medians.
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { type DoraTier, recoveryTier } from "@/lib/delivery/dora-tiers";
import {
  type DoraWindow,
  MINUTE_MS,
  assertDate,
  assertWindow,
  incidentKey,
  inWindow,
  shippedDeployments,
} from "@/lib/delivery/delivery-window";
import type { IncidentLink } from "@/lib/delivery/link-incidents";
import { devlakeMedian, mean } from "@/lib/delivery/stats";

export interface RecoveryTime {
  medianMinutes: number | null;
  meanMinutes: number | null;
  /** Resolved incidents measured. */
  incidents: number;
  /** Still open: not measured, counted so the figure is not read as complete. */
  openIncidents: number;
  tier2021: DoraTier | null;
  tier2023: DoraTier | null;
}

export interface FailedDeploymentRecoveryTime extends RecoveryTime {
  /** Resolved incidents with no linked deployment (or a link to a deployment not in the input). */
  unlinkedIncidents: number;
}

function summary(values: number[], openIncidents: number): RecoveryTime {
  const medianMinutes = devlakeMedian(values);
  const tier = recoveryTier(medianMinutes);
  return {
    medianMinutes,
    meanMinutes: mean(values),
    incidents: values.length,
    openIncidents,
    tier2021: tier,
    tier2023: tier,
  };
}

/** Incidents created in the window, split into resolved and a count of open ones; dates checked. */
function windowIncidents(window: DoraWindow, incidents: readonly Incident[]) {
  assertWindow(window);
  const resolved: (Incident & { resolvedAt: Date })[] = [];
  let open = 0;
  for (const i of incidents) {
    assertDate(i.createdAt, `incident ${i.externalKey} createdAt`);
    if (!inWindow(i.createdAt, window)) continue;
    if (i.resolvedAt === null) open += 1;
    else {
      assertDate(i.resolvedAt, `incident ${i.externalKey} resolvedAt`);
      resolved.push({ ...i, resolvedAt: i.resolvedAt });
    }
  }
  return { resolved, open };
}

/** A resolution before the creation (or the deploy) is bad source data: left out, never negative. */
export function timeToRestore(window: DoraWindow, incidents: readonly Incident[]): RecoveryTime {
  const { resolved, open } = windowIncidents(window, incidents);
  const values = resolved
    .map((i) => (i.resolvedAt.getTime() - i.createdAt.getTime()) / MINUTE_MS)
    .filter((v) => v >= 0);
  return summary(values, open);
}

export function failedDeploymentRecoveryTime(
  window: DoraWindow,
  incidents: readonly Incident[],
  links: readonly IncidentLink[],
  deployments: readonly Deployment[],
): FailedDeploymentRecoveryTime {
  const { resolved, open } = windowIncidents(window, incidents);
  const byIncident = new Map(links.map((l) => [l.incidentKey, l]));
  const finished = new Map(shippedDeployments(deployments).map((d) => [d.key, d.finishedAt.getTime()]));
  const values: number[] = [];
  let unlinked = 0;
  for (const i of resolved) {
    const link = byIncident.get(incidentKey(i));
    // The rule's link carries the finish that was live; a person's link uses the deployment's latest finish.
    const from =
      link?.reason.kind === "last-successful-production-deployment"
        ? link.reason.deploymentFinishedAt.getTime()
        : link?.deploymentKey
          ? finished.get(link.deploymentKey)
          : undefined;
    if (from === undefined) unlinked += 1;
    else if (i.resolvedAt.getTime() >= from) values.push((i.resolvedAt.getTime() - from) / MINUTE_MS);
  }
  return { ...summary(values, open), unlinkedIncidents: unlinked };
}
