import type pg from "pg";
import { publicUrl } from "@/lib/env";
import { VigilError } from "@/lib/errors";
import type { TemplateVars } from "./render-body";

// The SLO alert a run answers, as its template sees it: the anomaly's variable names where they
// mean the same (service, environment, severity, start, url…), so one template serves both, and
// {{slo}} for the SLO's name. score and observed are the highest burn rate among the windows that
// breached; expected is the factor it had to stay under.

export interface RunSloAlert {
  id: string;
  slo_id: string;
  slo_name: string;
  service: string;
  environment: string;
  severity: string;
  fired_at: Date;
  resolved_at: Date | null;
  burns: Record<string, number | null>;
  windows: { short: string; long: string; factor: number }[];
}

const BIGINT = /^[1-9]\d{0,17}$/;
export const isSloId = (value: string): boolean => BIGINT.test(value);

const SELECT = `SELECT a.id::text, a.slo_id::text, s.name AS slo_name, s.service,
  coalesce(s.definition->>'environment', '') AS environment, a.severity, a.fired_at, a.resolved_at, a.burns, a.windows
  FROM slo_alert a JOIN slo s ON s.id = a.slo_id`;

/** The alert `alertId` of the SLO, or (no alert named) its latest; a 404 when the SLO is none, a 409 when it never alerted. */
export async function sloAlertForRun(client: pg.ClientBase, sloId: string, alertId?: string): Promise<RunSloAlert> {
  if (!isSloId(sloId)) throw new VigilError("not_found", "No such SLO");
  const slo = await client.query("SELECT 1 FROM slo WHERE id = $1", [sloId]);
  if (!slo.rowCount) throw new VigilError("not_found", "No such SLO");
  if (alertId !== undefined && !isSloId(alertId)) throw new VigilError("not_found", "No such alert of this SLO");
  const { rows } = await client.query<RunSloAlert>(
    alertId === undefined
      ? `${SELECT} WHERE a.slo_id = $1 ORDER BY a.fired_at DESC, a.id DESC LIMIT 1`
      : `${SELECT} WHERE a.slo_id = $1 AND a.id = $2`,
    alertId === undefined ? [sloId] : [sloId, alertId],
  );
  if (rows[0]) return rows[0];
  if (alertId !== undefined) throw new VigilError("not_found", "No such alert of this SLO");
  throw new VigilError("conflict", "No alert has fired for this SLO yet: there is nothing for a runbook to answer");
}

export function sloTemplateVars(alert: RunSloAlert): TemplateVars {
  const breached = alert.windows.map((w) => ({ burn: Math.max(alert.burns[w.short] ?? 0, 0), factor: w.factor }));
  const worst = breached.sort((a, b) => b.burn - a.burn)[0];
  const burn = worst ? Math.round(worst.burn * 10) / 10 : 0;
  return {
    id: alert.id,
    slo: alert.slo_name,
    service: alert.service,
    series: "slo",
    scope: alert.slo_name,
    environment: alert.environment,
    severity: alert.severity,
    direction: "up",
    score: burn,
    observed: burn,
    expected: worst?.factor ?? 0,
    status: alert.resolved_at ? "resolved" : "firing",
    start: alert.fired_at.toISOString(),
    peak: alert.fired_at.toISOString(),
    end: alert.resolved_at?.toISOString() ?? null,
    url: `${publicUrl()}/slos/${alert.slo_id}`,
  };
}

/** What a runbook answering only SLO alerts is dry-run with when no SLO is named. */
export const SAMPLE_SLO_VARS: TemplateVars = {
  id: "1",
  slo: "checkout-availability",
  service: "checkout-api",
  series: "slo",
  scope: "checkout-availability",
  environment: "production",
  severity: "page",
  direction: "up",
  score: 14.4,
  observed: 14.4,
  expected: 14.4,
  status: "firing",
  start: "2026-01-31T12:00:00.000Z",
  peak: "2026-01-31T12:00:00.000Z",
  end: null,
  url: "https://vigil.example.com/slos/1",
};

/**
 * SQL (on table alias r) for the runbooks that answer an alert of service $1 in environment $2:
 * attached to SLO alerts, its service listed or none, its environment listed or none.
 */
export const MATCHES_SLO_ALERT = `r.slo_alerts
  AND (cardinality(r.services) = 0 OR $1 = ANY (r.services))
  AND (cardinality(r.environments) = 0 OR lower($2) IN (SELECT lower(e) FROM unnest(r.environments) e))`;
