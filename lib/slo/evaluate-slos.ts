import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { answerSloAlerts } from "@/lib/runbooks/answer-slo-alerts";
import { computeEvaluations, evaluationTime } from "./compute-evaluation";
import { sendAlertNotices } from "./alert-notices";
import { type AlertTransition, recordEvaluations } from "./record-evaluation";
import { type SloDefinition, SloInput } from "./schemas";
import type { SloEvaluation } from "./slo-evaluation";

// The worker's minute: every SLO evaluated over the rollups' complete minutes from one read of the
// rollups, the statuses stored and the alerts moved on in one transaction per batch. An SLO that
// fails to evaluate (or a batch that fails to store) is named in the result and never stops the others.
// Alerts that fire get their runbooks' runs proposed (lib/runbooks/answer-slo-alerts.ts).

const BATCH = 200;

export interface EvaluationRun {
  until: string;
  evaluated: number;
  failed: { slo: string; error: string }[];
  transitions: AlertTransition[];
  /** The runbook runs the alerts that fired got: proposed for a person to approve, or run by themselves. */
  runbooks?: { proposed: string[]; autoRuns: { id: string; state: string }[] };
}

/** `until` is the rollups' frontier unless given (the demo replays its past minute by minute). */
export async function evaluateSlos(ctx: Ctx, now = new Date(), at?: Date): Promise<EvaluationRun> {
  authorize(ctx, "services:manage");
  const until = at ?? (await evaluationTime(now));
  const stored = await pool().query<{ id: string; name: string; definition: unknown }>(
    "SELECT id::text, name, definition FROM slo ORDER BY id",
  );
  const run: EvaluationRun = { until: until.toISOString(), evaluated: 0, failed: [], transitions: [] };
  const rows = validDefinitions(stored.rows, run);
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    try {
      const evaluations = await computeEvaluations(batch, until);
      const items = batch.map((slo) => ({ slo, evaluation: evaluations.get(slo.id) as SloEvaluation }));
      const { stored, transitions } = await recordEvaluations(items, now, true);
      run.evaluated += stored.size;
      run.transitions.push(...transitions);
    } catch (err) {
      // One SLO's trouble must not hide the rest of its batch: each alone, to name the one.
      if (batch.length > 1) await evaluateOneByOne(batch, until, now, run);
      else run.failed.push({ slo: batch[0].definition.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
  // Notices go out once the states they tell of are stored: a channel down never holds evaluation up.
  const definitions = new Map(rows.map((r) => [r.id, r.definition]));
  run.failed.push(...(await sendAlertNotices(ctx, run.transitions, definitions)));
  await answerFired(run);
  return run;
}

/** Proposes (or, where an admin allowed it outside production, runs) the runbooks of the alerts that fired. */
async function answerFired(run: EvaluationRun): Promise<void> {
  const fired = run.transitions
    .filter((t) => t.state === "firing")
    .map((t) => ({ sloId: t.sloId, alertId: t.alertId }));
  if (fired.length === 0) return;
  try {
    const answered = await answerSloAlerts(fired);
    run.failed.push(...answered.failures.map((f) => ({ slo: f.what, error: f.error })));
    run.runbooks = {
      proposed: answered.proposed,
      autoRuns: answered.autoRuns.map((r) => ({ id: r.id, state: r.state })),
    };
  } catch (err) {
    run.failed.push({ slo: "runbooks", error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * The stored definitions that still read as SLOs (one written by hand, or by an older Vigil, may
 * not): the others are named in the run as failed, with why, and the rest are evaluated.
 */
function validDefinitions(rows: { id: string; name: string; definition: unknown }[], run: EvaluationRun) {
  const valid: { id: string; definition: SloDefinition }[] = [];
  for (const row of rows) {
    const parsed = SloInput.safeParse(row.definition);
    if (parsed.success) valid.push({ id: row.id, definition: parsed.data });
    else {
      const issue = parsed.error.issues[0];
      run.failed.push({
        slo: row.name,
        error: `stored definition is invalid: ${issue.path.join(".")}: ${issue.message}`,
      });
    }
  }
  return valid;
}

async function evaluateOneByOne(
  batch: { id: string; definition: SloDefinition }[],
  until: Date,
  now: Date,
  run: EvaluationRun,
): Promise<void> {
  for (const slo of batch) {
    try {
      const evaluation = (await computeEvaluations([slo], until)).get(slo.id) as SloEvaluation;
      const { stored, transitions } = await recordEvaluations([{ slo, evaluation }], now, true);
      run.evaluated += stored.size;
      run.transitions.push(...transitions);
    } catch (err) {
      run.failed.push({ slo: slo.definition.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
