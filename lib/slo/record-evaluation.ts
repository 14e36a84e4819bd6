import type pg from "pg";
import { sqlTransaction } from "@/lib/db";
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

/** Stores the evaluation unless a newer one is stored; with `moveAlerts`, advances the alert states. */
export async function recordEvaluation(
  slo: { id: string; definition: SloDefinition },
  evaluation: SloEvaluation,
  evaluatedAt: Date,
  moveAlerts: boolean,
): Promise<{ stored: StoredStatus | null; transitions: AlertTransition[] }> {
  return sqlTransaction(async (client) => {
    const locked = await client.query("SELECT 1 FROM slo WHERE id = $1 FOR UPDATE", [slo.id]);
    if (!locked.rowCount) return { stored: null, transitions: [] };
    const newer = await client.query("SELECT 1 FROM slo_status WHERE slo_id = $1 AND data_until > $2", [
      slo.id,
      evaluation.dataUntil,
    ]);
    if (newer.rowCount) return { stored: null, transitions: [] };
    const { rows } = await client.query<StateRow>(
      "SELECT severity, state, since, alert_id::text FROM slo_alert_state WHERE slo_id = $1",
      [slo.id],
    );
    const alerts = {} as StoredStatus["alerts"];
    const transitions: AlertTransition[] = [];
    for (const severity of SEVERITIES) {
      const previous = rows.find((r) => r.severity === severity) ?? {
        severity,
        state: "inactive" as const,
        since: new Date(evaluation.dataUntil),
        alert_id: null,
      };
      const moved = moveAlerts
        ? await moveAlert(client, slo, severity, previous, evaluation)
        : { status: previous, transition: null };
      alerts[severity] = { state: moved.status.state, since: moved.status.since.toISOString() };
      if (moved.transition) transitions.push({ ...moved.transition, evaluation });
    }
    const status = sloHealth(evaluation, {
      page: alerts.page.state === "firing",
      ticket: alerts.ticket.state === "firing",
    });
    const stored: StoredStatus = { ...evaluation, status, alerts };
    await client.query(
      `INSERT INTO slo_status (slo_id, evaluated_at, data_until, evaluation) VALUES ($1, $2, $3, $4)
       ON CONFLICT (slo_id) DO UPDATE SET evaluated_at = excluded.evaluated_at, data_until = excluded.data_until,
         evaluation = excluded.evaluation`,
      [slo.id, evaluatedAt, evaluation.dataUntil, stored],
    );
    return { stored, transitions };
  });
}
