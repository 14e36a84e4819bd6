import type { DriftCause, DriftObservation, PlannedChange } from "./schemas";

// Why a resource drifted, with the evidence that says so. Deployments come from the delivery
// domain (the workspace's service shipping in the window before the detection).

export interface DeploymentEvidence {
  id: string;
  service: string;
  environment: string;
  version: string | null;
  finishedAt: string;
  commits: number;
}

export interface CauseInput {
  observation: DriftObservation;
  planned: PlannedChange | undefined;
  previousVersion: string | null;
  version: string | null;
  deployments: DeploymentEvidence[];
  window: { from: Date; to: Date };
}

export function decideCause(input: CauseInput): { cause: DriftCause; evidence: Record<string, unknown> } {
  const { observation, planned, deployments } = input;
  const window = { from: input.window.from.toISOString(), to: input.window.to.toISOString() };
  const pending = planned ? { actions: planned.actions, replace: planned.replace, reason: planned.reason } : null;
  const versionChanged =
    input.previousVersion !== null && input.version !== null && input.previousVersion !== input.version;
  if (versionChanged && observation.kind === "changed")
    return {
      cause: "provider-version",
      evidence: { previousVersion: input.previousVersion, version: input.version, window, plannedChange: pending },
    };
  if (pending && deployments.length > 0)
    return { cause: "unapplied-code", evidence: { plannedChange: pending, deployments, window } };
  if (deployments.length === 0)
    return {
      cause: "manual-change",
      evidence: { window, deployments: [], plannedChange: pending, actions: observation.actions },
    };
  return { cause: "unknown", evidence: { window, deployments, plannedChange: pending } };
}
