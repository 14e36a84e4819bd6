import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize, type Ctx, systemCtx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { requestView } from "./build-request";
import { executeRun } from "./execute-run";
import { isNonProduction } from "./non-production";
import { anomalyForRun, MATCHES_ANOMALY, type RunAnomaly, templateVars } from "./run-anomaly";
import { RUNBOOK_SELECT, type RunbookRow } from "./runbook-rows";
import { runById, type RunRow, type RunView } from "./run-rows";

// What the scan calls for anomalies it has just found: each runbook an admin let run without
// approval is run once per anomaly, recorded as run by the system. Production (or an environment not
// known to be non-production) never runs this way, whatever a runbook row says.

const INSERT = `INSERT INTO runbook_run (runbook_id, runbook_name, runbook_version, anomaly_id, environment, state,
  request, auto, proposed_by, proposed_by_id, decided_by, decided_at, error, finished_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, true, $8, $9, $8, now(), $10, CASE WHEN $6 = 'failed' THEN now() END)
  ON CONFLICT (runbook_id, anomaly_id) WHERE auto DO NOTHING RETURNING id`;

const allowedToAutoRun = (runbook: RunbookRow, anomaly: RunAnomaly) =>
  runbook.auto_run &&
  runbook.environments.length > 0 &&
  runbook.environments.every(isNonProduction) &&
  isNonProduction(anomaly.environment);

/** Starts (state running) or, when its body does not render for this anomaly, fails one automatic run. */
async function startRun(client: pg.ClientBase, ctx: Ctx, runbook: RunbookRow, anomaly: RunAnomaly) {
  let request: unknown = null;
  let error: string | null = null;
  try {
    request = requestView(runbook, templateVars(anomaly));
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    error = err.message;
  }
  const state = error ? "failed" : "running";
  const { rows } = await client.query<{ id: string }>(INSERT, [
    runbook.id,
    runbook.name,
    runbook.version,
    anomaly.id,
    anomaly.environment,
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
      anomalyId: anomaly.id,
      service: anomaly.service,
      environment: anomaly.environment,
      state: { from: null, to: state },
      request,
      error,
    },
  });
  return runById(client, rows[0].id);
}

/** The automatic runs for these anomalies, sent at once; each within the run timeout, none throwing for its call. */
export async function autoRunFor(anomalyIds: string[], ctx: Ctx = systemCtx("runbooks")): Promise<RunView[]> {
  authorize(ctx, "runbooks:run");
  const started: { run: RunRow; runbook: RunbookRow }[] = [];
  for (const anomalyId of anomalyIds) {
    await sqlTransaction(async (client) => {
      // An anomaly gone since the scan stored it has nothing to run for.
      const anomaly = await anomalyForRun(client, anomalyId).catch((err: unknown) => {
        if (err instanceof VigilError && err.code === "not_found") return null;
        throw err;
      });
      if (!anomaly) return;
      if (!isNonProduction(anomaly.environment)) return;
      const { rows } = await client.query<RunbookRow>(
        `${RUNBOOK_SELECT} r WHERE r.auto_run AND ${MATCHES_ANOMALY} ORDER BY r.name, r.id`,
        [anomaly.series, anomaly.service, anomaly.environment],
      );
      for (const runbook of rows.filter((row) => allowedToAutoRun(row, anomaly))) {
        const run = await startRun(client, ctx, runbook, anomaly);
        if (run?.state === "running") started.push({ run, runbook });
      }
    });
  }
  return Promise.all(started.map(({ run, runbook }) => executeRun(ctx, run, runbook)));
}
