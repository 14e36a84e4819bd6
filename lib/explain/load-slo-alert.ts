import { listAnomalies } from "@/lib/anomalies/list-anomalies";
import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { getSlo } from "@/lib/slo/get-slo";
import type { SloAlertFacts } from "./slo-alert-claims";

// An SLO alert with its SLO (objective, budget left now) and the anomalies of the SLO's service
// (and environment, when the SLO names one) whose episodes overlap the alert.

const MAX_ANOMALIES = 20;
const MINUTE_MS = 60_000;

interface AlertRow {
  id: string;
  slo_id: string;
  severity: string;
  pending_at: Date;
  fired_at: Date;
  resolved_at: Date | null;
  burns: Record<string, number | null>;
  windows: { short: string; long: string; factor: number }[];
}

export async function loadSloAlert(ctx: Ctx, id: string, now: Date) {
  const { rows } = await pool().query<AlertRow>(
    `SELECT id::text, slo_id::text, severity, pending_at, fired_at, resolved_at, burns, windows
       FROM slo_alert WHERE id = $1`,
    [id],
  );
  const alert = rows[0];
  if (!alert) throw new VigilError("not_found", `subject: no SLO alert ${id}`, { field: "subject" });
  const slo = await getSlo(ctx, alert.slo_id, now);
  const from = alert.pending_at;
  const to = new Date(Math.max((alert.resolved_at ?? now).getTime(), from.getTime() + MINUTE_MS));
  const page = await listAnomalies(ctx, {
    status: "all",
    service: slo.service,
    from: from.toISOString(),
    to: to.toISOString(),
    limit: MAX_ANOMALIES,
  });
  const environment = slo.definition.environment;
  const anomalies = page.items.filter((a) => !environment || a.environment === environment);
  const facts: SloAlertFacts = {
    alert: {
      id: alert.id,
      severity: alert.severity,
      firedAt: alert.fired_at.toISOString(),
      resolvedAt: alert.resolved_at?.toISOString() ?? null,
      burns: alert.burns ?? {},
      windows: Array.isArray(alert.windows) ? alert.windows : [],
    },
    slo: {
      name: slo.name,
      service: slo.service,
      objective: slo.objective,
      window: slo.window,
      errorBudgetRemaining: slo.errorBudgetRemaining,
      timeToExhaustion: slo.timeToExhaustion,
    },
    anomalies: anomalies.map((a) => ({
      id: a.id,
      series: a.series,
      direction: a.direction,
      start: a.start,
      severity: a.severity,
    })),
  };
  const record = {
    alert: { ...facts.alert, pendingAt: alert.pending_at.toISOString(), sloId: alert.slo_id },
    slo: { ...facts.slo, id: slo.id, sli: slo.sli, status: slo.status, burnRates: slo.burnRates },
    overlappingAnomalies: anomalies.map(({ changes: _changes, ...a }) => a),
  };
  return { facts, record };
}
