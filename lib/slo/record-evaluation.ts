import type pg from "pg";
import { sqlTransaction } from "@/lib/db";
import { forgetExhaustedServices } from "./budget-policy";
import { type AlertState, type AlertStatus, nextAlertState } from "./alert-state";
import type { SloDefinition } from "./schemas";
import { type SloEvaluation, type SloHealth, sloHealth } from "./slo-evaluation";
import type { Severity } from "./slo-windows";

// Stores an evaluation as the SLO's status and, for the worker's evaluations, moves its alerts on:
// an alert that fires is added to the history, one that resolves is closed there. What people
// must hear of is returned, for the caller to send once this has committed.

const SEVERITIES: Severity[] = ["page", "ticket"];

export interface AlertTransition {
  sloId: string;
  sloName: string;
  service: string;
  severity: Severity;
  state: "firing" | "resolved";
  at: string;
  alertId: string;
  evaluation: SloEvaluation;
}

export interface StoredStatus extends SloEvaluation {
  status: SloHealth;
  alerts: Record<Severity, { state: AlertState; since: string }>;
}

interface StateRow {
  severity: Severity;
  state: AlertState;
  since: Date;
  alert_id: string | null;
}

async function moveAlert(
  client: pg.PoolClient,
  slo: { id: string; definition: SloDefinition },
  severity: Severity,
  previous: StateRow,
  evaluation: SloEvaluation,
): Promise<{ status: AlertStatus; transition: Omit<AlertTransition, "evaluation"> | null }> {
  const at = new Date(evaluation.dataUntil);
  const enabled = slo.definition.alerting[severity].enabled;
  const condition = enabled ? evaluation.conditions[severity] : { breached: false, shortOver: false, windows: [] };
  const next = nextAlertState(previous, { ...condition, pairs: [] }, severity, at);
  if (!next.changed) return { status: next, transition: null };
  let alertId = previous.alert_id;
  if (next.state === "firing") {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO slo_alert (slo_id, severity, pending_at, fired_at, burns, windows) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id::text`,
      [slo.id, severity, previous.since, at, evaluation.burnRates, JSON.stringify(condition.windows)],
    );
    alertId = rows[0].id;
  } else if (next.state === "resolved" && alertId)
    await client.query("UPDATE slo_alert SET resolved_at = $2 WHERE id = $1", [alertId, at]);
  await client.query(
    `INSERT INTO slo_alert_state (slo_id, severity, state, since, alert_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (slo_id, severity) DO UPDATE SET state = excluded.state, since = excluded.since, alert_id = excluded.alert_id`,
    [slo.id, severity, next.state, next.since, next.state === "inactive" ? null : alertId],
  );
  const heard = next.state === "firing" || (next.state === "resolved" && alertId);
  return {
    status: next,
    transition: heard
      ? {
          sloId: slo.id,
          sloName: slo.definition.name,
          service: slo.definition.service,
          severity,
          state: next.state as "firing" | "resolved",
          at: at.toISOString(),
          alertId: alertId as string,
        }
      : null,
  };
}

export interface EvaluatedSlo {
  slo: { id: string; definition: SloDefinition };
  evaluation: SloEvaluation;
}

const initial = (severity: Severity, at: string): StateRow => ({
  severity,
  state: "inactive",
  since: new Date(at),
  alert_id: null,
});

/** The SLOs still there and without a newer evaluation stored, locked in id order; and their alert states. */
async function lockFor(client: pg.PoolClient, items: readonly EvaluatedSlo[]) {
  const ids = items.map((i) => i.slo.id);
  const { rows: open } = await client.query<{ id: string }>(
    `SELECT s.id::text FROM slo s JOIN unnest($1::bigint[], $2::timestamptz[]) AS u(id, until) ON s.id = u.id
      WHERE NOT EXISTS (SELECT 1 FROM slo_status t WHERE t.slo_id = u.id AND t.data_until > u.until)
      ORDER BY s.id FOR UPDATE OF s`,
    [ids, items.map((i) => i.evaluation.dataUntil)],
  );
  const { rows: states } = await client.query<StateRow & { slo_id: string }>(
    "SELECT slo_id::text, severity, state, since, alert_id::text FROM slo_alert_state WHERE slo_id = ANY ($1::bigint[])",
    [ids],
  );
  return { open: new Set(open.map((r) => r.id)), states };
}

/**
 * Stores each evaluation as its SLO's status, in one transaction, unless a newer one is stored;
 * with `moveAlerts` (the worker's minute), advances the alert states too.
 */
export async function recordEvaluations(
  items: readonly EvaluatedSlo[],
  evaluatedAt: Date,
  moveAlerts: boolean,
): Promise<{ stored: Map<string, StoredStatus>; transitions: AlertTransition[] }> {
  const result = await sqlTransaction(async (client) => {
    const { open, states } = await lockFor(client, items);
    const stored = new Map<string, StoredStatus>();
    const transitions: AlertTransition[] = [];
    for (const { slo, evaluation } of items) {
      if (!open.has(slo.id)) continue;
      const alerts = {} as StoredStatus["alerts"];
      for (const severity of SEVERITIES) {
        const previous =
          states.find((r) => r.slo_id === slo.id && r.severity === severity) ?? initial(severity, evaluation.dataUntil);
        const moved = moveAlerts
          ? await moveAlert(client, slo, severity, previous, evaluation)
          : { status: previous, transition: null };
        alerts[severity] = { state: moved.status.state, since: moved.status.since.toISOString() };
        if (moved.transition) transitions.push({ ...moved.transition, evaluation });
      }
      const firing = { page: alerts.page.state === "firing", ticket: alerts.ticket.state === "firing" };
      stored.set(slo.id, { ...evaluation, status: sloHealth(evaluation, firing), alerts });
    }
    await client.query(
      `INSERT INTO slo_status (slo_id, evaluated_at, data_until, evaluation)
       SELECT id, $2, until, evaluation FROM unnest($1::bigint[], $3::timestamptz[], $4::jsonb[]) AS u(id, until, evaluation)
       ON CONFLICT (slo_id) DO UPDATE SET evaluated_at = excluded.evaluated_at, data_until = excluded.data_until,
         evaluation = excluded.evaluation`,
      [[...stored.keys()], evaluatedAt, [...stored.values()].map((s) => s.dataUntil), [...stored.values()]],
    );
    return { stored, transitions };
  });
  forgetExhaustedServices();
  return result;
}
