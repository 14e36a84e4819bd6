// Deployment rework rate (DORA 2024): successful production deployments that were unplanned fixes,
// i.e. marked hotfix or made while an incident of the same service was open, over all of them.
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import {
  type DoraWindow,
  assertDate,
  assertWindow,
  inWindow,
  shippedDeployments,
} from "@/lib/delivery/delivery-window";

export interface ReworkRate {
  ratio: number | null;
  reworkDeployments: number;
  deployments: number;
}

/** Open at `t`: created at or before it and not resolved by then (resolved at `t` is no longer open). */
function openAt(incidents: readonly Incident[], t: number): boolean {
  return incidents.some((i) => i.createdAt.getTime() <= t && (i.resolvedAt === null || t < i.resolvedAt.getTime()));
}

export function reworkRate(
  window: DoraWindow,
  deployments: readonly Deployment[],
  incidents: readonly Incident[],
): ReworkRate {
  assertWindow(window);
  const byService = new Map<string, Incident[]>();
  for (const i of incidents) {
    assertDate(i.createdAt, `incident ${i.externalKey} createdAt`);
    if (i.resolvedAt !== null) assertDate(i.resolvedAt, `incident ${i.externalKey} resolvedAt`);
    const list = byService.get(i.service);
    if (list) list.push(i);
    else byService.set(i.service, [i]);
  }
  const shipped = shippedDeployments(deployments).filter((d) => inWindow(d.finishedAt, window));
  const rework = shipped.filter((d) => d.hotfix || openAt(byService.get(d.service) ?? [], d.finishedAt.getTime()));
  return {
    ratio: shipped.length === 0 ? null : rework.length / shipped.length,
    reworkDeployments: rework.length,
    deployments: shipped.length,
  };
}
