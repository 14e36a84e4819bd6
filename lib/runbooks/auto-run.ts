import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx, systemCtx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { requestView } from "./build-request";
import { executeRun } from "./execute-run";
import { isNonProduction } from "./non-production";
import { answers, type RunSubject, type SubjectRef, subjectForRun } from "./run-subject";
import { RUNBOOK_SELECT, type RunbookRow } from "./runbook-rows";
import { runById, runIdentity, type RunRow, type RunView } from "./run-rows";

// What the scan calls for anomalies it has just found (and the SLO evaluation for alerts that just
// fired): each runbook an admin let run without approval is run once per anomaly or alert, recorded
// as run by the system. Production (or an environment not known to be non-production) never runs
// this way, whatever a runbook row says.

const INSERT = `INSERT INTO runbook_run (runbook_id, runbook_name, runbook_version, anomaly_id, slo_id, slo_alert_id,
  environment, state, request, auto, proposed_by, proposed_by_id, decided_by, decided_at, error, finished_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, true, $10, $11, $10, now(), $12,
    CASE WHEN $8 = 'failed' THEN now() END)
  ON CONFLICT DO NOTHING RETURNING id`;

export const allowedToAutoRun = (runbook: RunbookRow, environment: string) =>
  runbook.auto_run &&
  runbook.environments.length > 0 &&
  runbook.environments.every(isNonProduction) &&
  isNonProduction(environment);

/** Starts (state running) or, when its body does not render here, fails one automatic run. */
async function startRun(client: pg.ClientBase, ctx: Ctx, runbook: RunbookRow, subject: RunSubject) {
  let request: unknown = null;
  let error: string | null = null;
  try {
    request = requestView(runbook, subject.vars);
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    error = err.message;
  }
  const state = error ? "failed" : "running";
  const { rows } = await client.query<{ id: string }>(INSERT, [
    ...runIdentity(runbook, subject),
    state,
    JSON.stringify(request ?? { method: runbook.method, url: runbook.url, headers: [], body: "" }),
    ctx.actor.label,
    ctx.actor.id,
    error,
  ]);
  if (!rows[0]) return null;
  await recordAudit(client, ctx, {
    action: "runbook_run.auto_start",
    target: { type: "runbook_run", id: rows[0].id },
    summary: {
      runbook: runbook.name,
      ...answers(subject),
      service: subject.service,
      environment: subject.environment,
      state: { from: null, to: state },
      request,
      error,
    },
  });
  return runById(client, rows[0].id);
}

/** The subject, or null when it is gone since it was stored (nothing to run for). */
export async function subjectIfThere(client: pg.ClientBase, ref: SubjectRef): Promise<RunSubject | null> {
  return subjectForRun(client, ref).catch((err: unknown) => {
    if (err instanceof VigilError && (err.code === "not_found" || err.code === "conflict")) return null;
    throw err;
  });
}

/** The runbooks that answer the subject, in name order. */
export async function runbooksAnswering(client: pg.ClientBase, subject: RunSubject, onlyAuto = false) {
  const { rows } = await client.query<RunbookRow>(
    `${RUNBOOK_SELECT} r WHERE ${onlyAuto ? "r.auto_run AND " : ""}${subject.match.sql} ORDER BY r.name, r.id`,
    subject.match.values,
  );
  return rows;
}

/**
 * In the caller's transaction: the automatic runs the subject gets, started (or failed when the
 * template does not render); the caller sends the started ones with executeRun once committed.
 */
export async function startAutoRuns(client: pg.ClientBase, ctx: Ctx, subject: RunSubject) {
  const started: { run: RunRow; runbook: RunbookRow }[] = [];
  if (!isNonProduction(subject.environment)) return started;
  for (const runbook of await runbooksAnswering(client, subject, true)) {
    if (!allowedToAutoRun(runbook, subject.environment)) continue;
    const run = await startRun(client, ctx, runbook, subject);
    if (run?.state === "running") started.push({ run, runbook });
  }
  return started;
}

/** The automatic runs for these anomalies, sent at once; each within the run timeout, none throwing for its call. */
export async function autoRunFor(anomalyIds: string[], ctx: Ctx = systemCtx("runbooks")): Promise<RunView[]> {
  authorize(ctx, "runbooks:run");
  const started: { run: RunRow; runbook: RunbookRow }[] = [];
  const failed: { anomalyId: string; error: unknown }[] = [];
  for (const anomalyId of anomalyIds) {
    // Sent only once committed; one anomaly that fails never strands the runs started before it.
    try {
      started.push(
        ...(await sqlTransaction(async (client) => {
          const subject = await subjectIfThere(client, { anomalyId });
          return subject ? startAutoRuns(client, ctx, subject) : [];
        })),
      );
    } catch (error) {
      failed.push({ anomalyId, error });
    }
  }
  const runs = await Promise.all(started.map(({ run, runbook }) => executeRun(ctx, run, runbook)));
  if (failed.length) {
    const first = failed[0].error instanceof Error ? failed[0].error.message : String(failed[0].error);
    throw new Error(`auto-run failed for ${failed.length} anomaly(ies), first ${failed[0].anomalyId}: ${first}`);
  }
  return runs;
}
