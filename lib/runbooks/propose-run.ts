import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { requestView } from "./build-request";
import { answers, type RunSubject, subjectForRun } from "./run-subject";
import { type RunbookRow, runbookById } from "./runbook-rows";
import { runById, runIdentity, type RunView, toRunView } from "./run-rows";
import { ProposeRunInput } from "./schemas";

const INSERT = `INSERT INTO runbook_run (runbook_id, runbook_name, runbook_version, anomaly_id, slo_id, slo_alert_id,
  environment, state, request, proposed_by, proposed_by_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 'awaiting_approval', $8::jsonb, $9, $10)
  ON CONFLICT DO NOTHING RETURNING id`;

/** Stores a proposal (the request as the approver will see it) with its audit entry; null when one already waits. */
export async function insertProposal(
  client: pg.ClientBase,
  ctx: Ctx,
  runbook: RunbookRow,
  subject: RunSubject,
): Promise<string | null> {
  const request = requestView(runbook, subject.vars);
  const inserted = await client.query<{ id: string }>(INSERT, [
    ...runIdentity(runbook, subject),
    JSON.stringify(request),
    ctx.actor.label,
    ctx.actor.id,
  ]);
  const id = inserted.rows[0]?.id;
  if (!id) return null;
  await recordAudit(client, ctx, {
    action: "runbook_run.propose",
    target: { type: "runbook_run", id },
    summary: {
      runbook: runbook.name,
      ...answers(subject),
      service: subject.service,
      environment: subject.environment,
      state: { from: null, to: "awaiting_approval" },
      request,
    },
  });
  return id;
}

/**
 * Proposes running a runbook for an anomaly or an SLO's alert: the exact request is rendered now and
 * kept (secret values redacted) for the approver to see; nothing is sent until someone approves it.
 */
export async function proposeRun(ctx: Ctx, input: unknown): Promise<RunView> {
  authorize(ctx, "runbooks:run");
  const { runbookId, anomalyId, sloId, sloAlertId } = parseInput(ProposeRunInput, input);
  return sqlTransaction(async (client) => {
    const runbook = await runbookById(client, runbookId);
    const subject = await subjectForRun(
      client,
      anomalyId !== undefined ? { anomalyId } : { sloId: sloId!, sloAlertId },
    );
    const { sql, values } = subject.match;
    const applies = await client.query(`SELECT 1 FROM runbook r WHERE r.id = $${values.length + 1} AND ${sql}`, [
      ...values,
      runbook.id,
    ]);
    if (!applies.rowCount)
      throw new VigilError(
        "bad_request",
        `runbookId: ${runbook.name} is not attached to ${subject.what} of ${subject.service} in ${subject.environment || "this environment"}`,
        { field: "runbookId" },
      );
    const id = await insertProposal(client, ctx, runbook, subject);
    if (!id)
      throw new VigilError(
        "conflict",
        `A run of ${runbook.name} for this ${subject.anomalyId ? "anomaly" : "alert"} already awaits approval`,
      );
    return toRunView(await runById(client, id));
  });
}
