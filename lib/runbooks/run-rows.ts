import type pg from "pg";
import { VigilError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { answers, type RunSubject } from "./run-subject";
import type { RunbookRow } from "./runbook-rows";
import type { RequestView, RunState } from "./schemas";

export interface RunRow {
  id: string;
  runbook_id: string | null;
  runbook_name: string;
  runbook_version: number;
  anomaly_id: string | null;
  slo_id: string | null;
  slo_alert_id: string | null;
  environment: string;
  state: RunState;
  request: RequestView;
  auto: boolean;
  proposed_by: string;
  proposed_by_id: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  status_code: number | null;
  response: string | null;
  duration_ms: number | null;
  error: string | null;
  finished_at: Date | null;
}

export const RUN_SELECT = `SELECT id, runbook_id, runbook_name, runbook_version, anomaly_id, slo_id::text,
  slo_alert_id::text, environment, state, request,
  auto, proposed_by, proposed_by_id, proposed_at, decided_by, decided_at, reason, status_code, response, duration_ms,
  error, finished_at FROM runbook_run`;

export function toRunView(row: RunRow) {
  return {
    id: row.id,
    runbookId: row.runbook_id,
    runbookName: row.runbook_name,
    anomalyId: row.anomaly_id,
    sloId: row.slo_id,
    sloAlertId: row.slo_alert_id,
    environment: row.environment,
    state: row.state,
    request: row.request,
    auto: row.auto,
    proposedBy: row.proposed_by,
    proposedAt: row.proposed_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    reason: row.reason,
    statusCode: row.status_code,
    response: row.response,
    durationMs: row.duration_ms,
    error: row.error,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
export type RunView = ReturnType<typeof toRunView>;

/** What the audit trail says the run answers: its anomaly, or its SLO and alert. */
export const answersOf = (row: RunRow) =>
  answers({ anomalyId: row.anomaly_id, sloId: row.slo_id, sloAlertId: row.slo_alert_id });

/** The audit summary's common part for a stored run: its runbook, subject, environment and proposer. */
export const runSummary = (row: RunRow) => ({
  runbook: row.runbook_name,
  ...answersOf(row),
  environment: row.environment,
  proposedBy: row.proposed_by,
});

/** The first seven values of an insert into runbook_run: the runbook as it is now and the subject it answers. */
export const runIdentity = (runbook: RunbookRow, subject: RunSubject) => [
  runbook.id,
  runbook.name,
  runbook.version,
  subject.anomalyId,
  subject.sloId,
  subject.sloAlertId,
  subject.environment,
];

export async function runById(client: pg.ClientBase, id: string, lock = false): Promise<RunRow> {
  if (!isUuid(id)) throw new VigilError("not_found", "No such run");
  const { rows } = await client.query<RunRow>(`${RUN_SELECT} WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
  if (!rows[0]) throw new VigilError("not_found", "No such run");
  return rows[0];
}
