// DevLake's incident→deployment rule (plugins/dora incident_deploy_connector): an incident links to
// the last successful PRODUCTION deployment of its service that finished strictly before it was created.
import type { Deployment, Incident, LinkReason } from "@/lib/delivery/schemas";
import { assertDate, deploymentKey, incidentKey, isShipped } from "@/lib/delivery/delivery-window";

export interface IncidentLink {
  incidentKey: string;
  /** `source:externalId` of the linked deployment; null when unlinked. */
  deploymentKey: string | null;
  reason: LinkReason;
}

/** A link a person set; it wins over the rule. */
export interface ManualLink {
  incidentKey: string;
  deploymentKey: string;
  by: string;
}

interface Row {
  key: string;
  finishedMs: number;
}

/**
 * Rows are compared one by one, as DevLake compares cicd_deployment_commits rows: a deployment whose
 * commits finished at different times is live from its first qualifying row, so DevLake's own sample
 * links an incident to pipeline2 whose other row finished after the incident was created.
 */
function rowsByService(deployments: readonly Deployment[]): Map<string, Row[]> {
  const byService = new Map<string, Row[]>();
  for (const d of deployments) {
    if (!isShipped(d)) continue;
    assertDate(d.finishedAt, `deployment ${d.externalId} finishedAt`);
    const rows = byService.get(d.service) ?? [];
    const key = deploymentKey(d);
    // A commit's own finish (DevLake sends one per commit) is a row of its own; without commits, the deployment's.
    const finishes = d.commits.length ? d.commits.map((c) => c.finishedAt ?? d.finishedAt) : [d.finishedAt];
    for (const at of new Set(finishes.map((f) => f.getTime()))) rows.push({ key, finishedMs: at });
    byService.set(d.service, rows);
  }
  // Same finish: the greater key wins, so the answer never depends on input order.
  for (const rows of byService.values()) {
    rows.sort((a, b) => a.finishedMs - b.finishedMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return byService;
}

/** The last row finishing strictly before `beforeMs`, by binary search over rows sorted by finish. */
function lastBefore(rows: readonly Row[], beforeMs: number): Row | null {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].finishedMs < beforeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : rows[lo - 1];
}

/** One link (or the reason there is none) per incident, in the incidents' order. */
export function linkIncidents(
  incidents: readonly Incident[],
  deployments: readonly Deployment[],
  manualLinks: readonly ManualLink[] = [],
): IncidentLink[] {
  const manual = new Map(manualLinks.map((m) => [m.incidentKey, m]));
  const rows = rowsByService(deployments);
  return incidents.map((incident) => {
    const key = incidentKey(incident);
    const set = manual.get(key);
    if (set)
      return { incidentKey: key, deploymentKey: set.deploymentKey, reason: { kind: "set-by-person", by: set.by } };
    assertDate(incident.createdAt, `incident ${incident.externalKey} createdAt`);
    const row = lastBefore(rows.get(incident.service) ?? [], incident.createdAt.getTime());
    if (!row) return { incidentKey: key, deploymentKey: null, reason: { kind: "no-prior-deployment" } };
    return {
      incidentKey: key,
      deploymentKey: row.key,
      reason: { kind: "last-successful-production-deployment", deploymentFinishedAt: new Date(row.finishedMs) },
    };
  });
}
