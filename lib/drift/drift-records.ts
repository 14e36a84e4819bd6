import { fromScaled, toScaled } from "../decimal";
import type { CostImpact } from "./cost-impact";
import type { PolicyImpact } from "./policy-impact";
import type { AttributeChange, DriftCause, DriftKind } from "./schemas";

// How a drift record is read and shown by the API and the Drift page.

export interface DriftRow {
  id: string;
  workspace: string;
  address: string;
  kind: DriftKind;
  resource_type: string | null;
  provider: string | null;
  cloud_id: string | null;
  changes: AttributeChange[];
  actions: string[];
  cause: DriftCause;
  cause_evidence: Record<string, unknown>;
  cost_impact: CostImpact | null;
  policy_impact: PolicyImpact[] | null;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
}

export const DRIFT_COLUMNS = `d.id, d.workspace, d.address, d.kind, d.resource_type, d.provider, d.cloud_id, d.changes, d.actions,
  d.cause, d.cause_evidence, d.cost_impact, d.policy_impact, d.first_seen_at, d.last_seen_at, d.resolved_at`;

const money = (value: string | null) => (value === null ? null : fromScaled(toScaled(value)));

function costView(impact: CostImpact | null) {
  if (!impact) return null;
  return {
    resourceId: impact.resourceId || null,
    sizeChanges: impact.sizeChanges,
    daily: Object.entries(impact.daily).map(([currency, { before, after }]) => ({
      currency,
      before: money(before),
      after: money(after),
    })),
  };
}

export function toDriftView(row: DriftRow) {
  return {
    id: row.id,
    workspace: row.workspace,
    address: row.address,
    kind: row.kind,
    type: row.resource_type,
    provider: row.provider,
    cloudId: row.cloud_id,
    changes: row.changes,
    actions: row.actions,
    cause: row.cause,
    causeEvidence: row.cause_evidence,
    costImpact: costView(row.cost_impact),
    /** Rules the drifted values now break and did not before; null when the file gave no after-values. */
    policyImpact: row.policy_impact ?? null,
    status: row.resolved_at ? "resolved" : "open",
    firstSeen: row.first_seen_at.toISOString(),
    lastSeen: row.last_seen_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}
export type DriftView = ReturnType<typeof toDriftView>;
