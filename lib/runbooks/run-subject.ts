import type pg from "pg";
import { anomalyForRun, MATCHES_ANOMALY, templateVars } from "./run-anomaly";
import { MATCHES_SLO_ALERT, sloAlertForRun, sloTemplateVars } from "./run-slo-alert";
import type { TemplateVars } from "./render-body";

// What a run answers, an anomaly or an SLO's alert, seen the same way by proposals, automatic runs
// and dry runs: where it happened, the template's values, and which runbooks it matches.

export type SubjectRef = { anomalyId: string } | { sloId: string; sloAlertId?: string };

export interface RunSubject {
  anomalyId: string | null;
  sloId: string | null;
  sloAlertId: string | null;
  service: string;
  environment: string;
  /** "errors anomalies" or "SLO alerts": what a runbook must be attached to. */
  what: string;
  vars: TemplateVars;
  /** SQL on alias r with its values ($1…): the runbooks that answer it. */
  match: { sql: string; values: unknown[] };
}

export async function subjectForRun(client: pg.ClientBase, ref: SubjectRef): Promise<RunSubject> {
  if ("anomalyId" in ref) {
    const anomaly = await anomalyForRun(client, ref.anomalyId);
    return {
      anomalyId: anomaly.id,
      sloId: null,
      sloAlertId: null,
      service: anomaly.service,
      environment: anomaly.environment,
      what: `${anomaly.series} anomalies`,
      vars: templateVars(anomaly),
      match: { sql: MATCHES_ANOMALY, values: [anomaly.series, anomaly.service, anomaly.environment] },
    };
  }
  const alert = await sloAlertForRun(client, ref.sloId, ref.sloAlertId);
  return {
    anomalyId: null,
    sloId: alert.slo_id,
    sloAlertId: alert.id,
    service: alert.service,
    environment: alert.environment,
    what: "SLO alerts",
    vars: sloTemplateVars(alert),
    match: { sql: MATCHES_SLO_ALERT, values: [alert.service, alert.environment] },
  };
}

/** What the audit trail says a run answers. */
export const answers = (subject: { anomalyId: string | null; sloId: string | null; sloAlertId: string | null }) =>
  subject.anomalyId !== null
    ? { anomalyId: subject.anomalyId }
    : { sloId: subject.sloId, sloAlertId: subject.sloAlertId };
