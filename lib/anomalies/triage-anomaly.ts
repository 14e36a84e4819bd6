import type pg from "pg";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { environmentNamed } from "../delivery/environment-names";
import { upsertIncidents } from "../delivery/upsert-incidents";
import { publicUrl } from "../env";
import { VigilError } from "../errors";
import { isUuid, parseInput } from "../validation";
import { type AnomalyStatus, TriageInput } from "./schemas";

// A person's triage step: a new state, an assignee, a comment or a linked trace, written with its
// history note and audit entry in one transaction. Resolving an anomaly that hit production records
// an incident in the delivery domain (opened at the episode's start, resolved now), so MTTR counts
// it; reopening it reopens that incident.

interface Row {
  id: string;
  service: string;
  series: string;
  environment: string;
  status: AnomalyStatus;
  assignee: string | null;
  started_at: Date;
  severity: string;
}

async function syncIncident(client: pg.ClientBase, row: Row, status: AnomalyStatus): Promise<string | null> {
  if (environmentNamed(row.environment) !== "PRODUCTION" || status === "false_positive") return null;
  const resolved = status === "resolved";
  const [written] = await upsertIncidents(client, [
    {
      source: "anomalies",
      externalKey: `anomaly:${row.id}`,
      service: row.service,
      title: `${row.service} ${row.series} anomaly`,
      status: resolved ? "DONE" : "IN_PROGRESS",
      severity: row.severity,
      url: `${publicUrl()}/anomalies/${row.id}`,
      createdAt: row.started_at,
      resolvedAt: resolved ? new Date() : null,
    },
  ]);
  return written?.id ?? null;
}

export async function triageAnomaly(ctx: Ctx, id: string, input: unknown): Promise<{ id: string; status: string }> {
  authorize(ctx, "anomalies:triage");
  const change = parseInput(TriageInput, input);
  if (!isUuid(id)) throw new VigilError("not_found", "No such anomaly");
  return sqlTransaction(async (client) => {
    const { rows } = await client.query<Row>(
      "SELECT id, service, series, environment, status, assignee, started_at, severity FROM anomaly WHERE id = $1 FOR UPDATE",
      [id],
    );
    const row = rows[0];
    if (!row) throw new VigilError("not_found", "No such anomaly");
    const status = change.status ?? row.status;
    const assignee = change.assignee === undefined ? row.assignee : change.assignee;
    await client.query("UPDATE anomaly SET status = $2, assignee = $3, updated_at = now() WHERE id = $1", [
      id,
      status,
      assignee,
    ]);
    // Only a resolve, or reopening one resolved, touches the incident.
    const incidentMoves = status !== row.status && (status === "resolved" || row.status === "resolved");
    const incident = incidentMoves ? await syncIncident(client, row, status) : null;
    if (incident) await client.query("UPDATE anomaly SET incident_id = $2 WHERE id = $1", [id, incident]);
    await client.query(
      `INSERT INTO anomaly_note (anomaly_id, actor, status_from, status_to, assignee, comment, trace_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        ctx.actor.label,
        change.status ? row.status : null,
        change.status ?? null,
        change.assignee === undefined ? null : (change.assignee ?? "(unassigned)"),
        change.comment ?? null,
        change.traceId ?? null,
      ],
    );
    await recordAudit(client, ctx, {
      action: "anomaly.triage",
      target: { type: "anomaly", id },
      summary: {
        service: row.service,
        series: row.series,
        status: { from: row.status, to: status },
        assignee: { from: row.assignee, to: assignee },
        ...(change.traceId ? { traceId: change.traceId } : {}),
        ...(incident ? { incidentId: incident } : {}),
      },
      reason: change.comment ?? null,
    });
    return { id, status };
  });
}
