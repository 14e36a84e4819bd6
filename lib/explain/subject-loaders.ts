import { getAnomaly } from "@/lib/anomalies/get-anomaly";
import type { Ctx } from "@/lib/context";
import { getDrift } from "@/lib/drift/get-drift";
import type { DataClass } from "@/lib/settings/agent-settings-schema";
import { getZombie } from "@/lib/zombies/get-zombie";
import { anomalyClaims } from "./anomaly-claims";
import type { ExplanationClaim } from "./claims";
import { driftClaims } from "./drift-claims";
import { loadPolicyFinding } from "./load-policy-finding";
import { loadSloAlert } from "./load-slo-alert";
import { policyFindingClaims } from "./policy-finding-claims";
import { sloAlertClaims } from "./slo-alert-claims";
import type { SubjectKind } from "./subject";
import { zombieClaims } from "./zombie-claims";

// Each subject kind read through its domain's verb, and drafted into claims by its template.

export interface LoadedSubject {
  /** The subject as Vigil read it: what a model may be given, as data, never as instructions. */
  record: unknown;
  /** The admin-chosen class the record belongs to (agent settings). */
  dataClass: DataClass;
  /** The rule-based claims, citing what they would like before Vigil says which ids it holds. */
  claims: ExplanationClaim[];
}

type Loader = (ctx: Ctx, id: string, now: Date) => Promise<LoadedSubject>;

export const SUBJECT_LOADERS: Record<SubjectKind, Loader> = {
  async anomaly(ctx, id, now) {
    // The band is hundreds of points for a chart; an explanation needs the figures it is judged by.
    const { band: _band, ...anomaly } = await getAnomaly(ctx, id, now);
    return { record: anomaly, dataClass: "telemetry", claims: anomalyClaims(anomaly) };
  },
  async "slo-alert"(ctx, id, now) {
    const { facts, record } = await loadSloAlert(ctx, id, now);
    return { record, dataClass: "findings", claims: sloAlertClaims(facts) };
  },
  async drift(ctx, id) {
    const drift = await getDrift(ctx, id);
    return { record: drift, dataClass: "findings", claims: driftClaims(drift) };
  },
  async zombie(ctx, id) {
    const zombie = await getZombie(ctx, id);
    return { record: zombie, dataClass: "findings", claims: zombieClaims(zombie.finding) };
  },
  async "policy-finding"(_ctx, id) {
    const finding = await loadPolicyFinding(id);
    return { record: finding, dataClass: "findings", claims: policyFindingClaims(finding) };
  },
};
