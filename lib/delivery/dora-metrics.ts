// The DORA figures for one slice (a service, a team or the platform) over [from, to), in the shape
// GET /api/v1/dora returns. Inputs are already filtered to the slice but NOT to the window: lead time
// needs each commit's first deployment and links need the deployments before the window.
import type { Deployment, Incident, PullRequest } from "@/lib/delivery/schemas";
import { type ChangeFailureRate, changeFailureRate } from "@/lib/delivery/change-failure-rate";
import type { DoraWindow } from "@/lib/delivery/delivery-window";
import { type DeploymentFrequency, deploymentFrequency } from "@/lib/delivery/deployment-frequency";
import { type LeadTimeForChanges, leadTimeForChanges } from "@/lib/delivery/lead-time";
import { type IncidentLink, type ManualLink, linkIncidents } from "@/lib/delivery/link-incidents";
import {
  type FailedDeploymentRecoveryTime,
  type RecoveryTime,
  failedDeploymentRecoveryTime,
  timeToRestore,
} from "@/lib/delivery/restore-times";
import { type ReworkRate, reworkRate } from "@/lib/delivery/rework-rate";

export interface DoraInput {
  window: DoraWindow;
  deployments: readonly Deployment[];
  incidents: readonly Incident[];
  pullRequests?: readonly PullRequest[];
  manualLinks?: readonly ManualLink[];
  /** Links already computed (e.g. stored); computed from the inputs when absent. */
  links?: readonly IncidentLink[];
}

export interface DoraMetrics {
  deploymentFrequency: DeploymentFrequency;
  leadTimeForChanges: LeadTimeForChanges;
  changeFailureRate: ChangeFailureRate;
  timeToRestore: RecoveryTime;
  failedDeploymentRecoveryTime: FailedDeploymentRecoveryTime;
  reworkRate: ReworkRate;
}

export function doraMetrics(input: DoraInput): DoraMetrics {
  const { window, deployments, incidents } = input;
  const links = input.links ?? linkIncidents(incidents, deployments, input.manualLinks);
  return {
    deploymentFrequency: deploymentFrequency(window, deployments),
    leadTimeForChanges: leadTimeForChanges(window, deployments, input.pullRequests),
    changeFailureRate: changeFailureRate(window, deployments, links),
    timeToRestore: timeToRestore(window, incidents),
    failedDeploymentRecoveryTime: failedDeploymentRecoveryTime(window, incidents, links, deployments),
    reworkRate: reworkRate(window, deployments, incidents),
  };
}
