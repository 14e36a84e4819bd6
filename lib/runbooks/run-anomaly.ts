import type pg from "pg";
import { publicUrl } from "@/lib/env";
import { VigilError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import type { TemplateVars } from "./render-body";

// The anomaly a run answers, as its template sees it, and the runbooks that apply to it.

export interface RunAnomaly {
  id: string;
  service: string;
  series: string;
  scope: string;
  environment: string;
  severity: string;
  direction: string;
  peak_score: number;
  observed: number;
  expected: number;
  status: string;
  started_at: Date;
  peak_at: Date;
  ended_at: Date | null;
}

export async function anomalyForRun(client: pg.ClientBase, id: string): Promise<RunAnomaly> {
  if (!isUuid(id)) throw new VigilError("not_found", "No such anomaly");
  const { rows } = await client.query<RunAnomaly>(
    `SELECT id, service, series, scope, environment, severity, direction, peak_score, observed, expected, status,
       started_at, peak_at, ended_at FROM anomaly WHERE id = $1`,
    [id],
  );
  if (!rows[0]) throw new VigilError("not_found", "No such anomaly");
  return rows[0];
}

export function templateVars(anomaly: RunAnomaly): TemplateVars {
  return {
    id: anomaly.id,
    service: anomaly.service,
    series: anomaly.series,
    scope: anomaly.scope,
    environment: anomaly.environment,
    severity: anomaly.severity,
    direction: anomaly.direction,
    score: Math.round(anomaly.peak_score * 10) / 10,
    observed: anomaly.observed,
    expected: anomaly.expected,
    status: anomaly.status,
    start: anomaly.started_at.toISOString(),
    peak: anomaly.peak_at.toISOString(),
    end: anomaly.ended_at?.toISOString() ?? null,
    url: `${publicUrl()}/anomalies/${anomaly.id}`,
  };
}

/**
 * SQL (on table alias r) for the runbooks that answer an anomaly of series $1, service $2 and
 * environment $3: its series listed, its service listed or none, its environment listed or none.
 */
export const MATCHES_ANOMALY = `$1 = ANY (r.series)
  AND (cardinality(r.services) = 0 OR $2 = ANY (r.services))
  AND (cardinality(r.environments) = 0 OR lower($3) IN (SELECT lower(e) FROM unnest(r.environments) e))`;
