import { authorize, type Ctx, systemCtx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { allowedToAutoRun, runbooksAnswering, startAutoRuns, subjectIfThere } from "./auto-run";
import { executeRun } from "./execute-run";
import { insertProposal } from "./propose-run";
import type { RunbookRow } from "./runbook-rows";
import type { RunRow, RunView } from "./run-rows";

export interface AnsweredAlerts {
  /** Runs proposed by the system, waiting for a person to approve them. */
  proposed: string[];
  autoRuns: RunView[];
  /** A runbook whose template does not render for an alert: named, the others still answered. */
  failures: { what: string; error: string }[];
}

/**
 * What the SLO evaluation calls for alerts that just fired: each runbook attached to SLO alerts of the
 * service gets a run proposed by the system, waiting for a person, the way one proposed on the page
 * would; where an admin allowed it and the SLO is outside production, it runs at once instead.
 */
export async function answerSloAlerts(
  alerts: { sloId: string; alertId: string }[],
  ctx: Ctx = systemCtx("runbooks"),
): Promise<AnsweredAlerts> {
  authorize(ctx, "runbooks:run");
  const answered: AnsweredAlerts = { proposed: [], autoRuns: [], failures: [] };
  const started: { run: RunRow; runbook: RunbookRow }[] = [];
  for (const { sloId, alertId } of alerts) {
    // One alert that can not be answered (a database error) never strands another's runs: what an
    // alert started is only sent once its transaction committed.
    try {
      const done = await sqlTransaction(async (client) => {
        const out = { started: [] as typeof started, proposed: [] as string[] };
        const subject = await subjectIfThere(client, { sloId, sloAlertId: alertId });
        if (!subject) return out;
        out.started.push(...(await startAutoRuns(client, ctx, subject)));
        for (const runbook of await runbooksAnswering(client, subject)) {
          if (allowedToAutoRun(runbook, subject.environment)) continue;
          try {
            const id = await insertProposal(client, ctx, runbook, subject);
            if (id) out.proposed.push(id);
          } catch (err) {
            if (!(err instanceof VigilError) || err.code !== "bad_request") throw err;
            answered.failures.push({ what: `runbook ${runbook.name} for SLO alert ${alertId}`, error: err.message });
          }
        }
        return out;
      });
      started.push(...done.started);
      answered.proposed.push(...done.proposed);
    } catch (err) {
      answered.failures.push({ what: `SLO alert ${alertId}`, error: err instanceof Error ? err.message : String(err) });
    }
  }
  answered.autoRuns = await Promise.all(started.map(({ run, runbook }) => executeRun(ctx, run, runbook)));
  return answered;
}
