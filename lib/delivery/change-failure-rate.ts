// Change failure rate: successful production deployments in the window with at least one linked
// incident, over all of them (DevLake). Incidents only ever link to such deployments.
import type { Deployment } from "@/lib/delivery/schemas";
import { type DoraTier, changeFailureRateTier2021, changeFailureRateTier2023 } from "@/lib/delivery/dora-tiers";
import { type DoraWindow, assertWindow, inWindow, shippedDeployments } from "@/lib/delivery/delivery-window";
import type { IncidentLink } from "@/lib/delivery/link-incidents";

export interface ChangeFailureRate {
  ratio: number | null;
  failedDeployments: number;
  deployments: number;
  tier2021: DoraTier | null;
  tier2023: DoraTier | null;
}

export function changeFailureRate(
  window: DoraWindow,
  deployments: readonly Deployment[],
  links: readonly IncidentLink[],
): ChangeFailureRate {
  assertWindow(window);
  const linked = new Set(links.map((l) => l.deploymentKey));
  const shipped = shippedDeployments(deployments).filter((d) => inWindow(d.finishedAt, window));
  const failedDeployments = shipped.filter((d) => linked.has(d.key)).length;
  const ratio = shipped.length === 0 ? null : failedDeployments / shipped.length;
  return {
    ratio,
    failedDeployments,
    deployments: shipped.length,
    tier2021: changeFailureRateTier2021(ratio),
    tier2023: changeFailureRateTier2023(ratio),
  };
}
