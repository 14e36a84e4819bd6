import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { computeEvaluation, evaluationTime } from "./compute-evaluation";
import { type AlertTransition, recordEvaluation } from "./record-evaluation";
import type { SloDefinition } from "./schemas";

// The worker's minute: every SLO evaluated over the rollups' complete minutes, its status stored
// and its alerts moved on. One SLO that fails to evaluate is named in the result and never stops
// the others.

export interface EvaluationRun {
  until: string;
  evaluated: number;
  failed: { slo: string; error: string }[];
  transitions: AlertTransition[];
}

export async function evaluateSlos(ctx: Ctx, now = new Date()): Promise<EvaluationRun> {
  authorize(ctx, "services:manage");
  const until = await evaluationTime(now);
  const { rows } = await pool().query<{ id: string; definition: SloDefinition }>(
    "SELECT id::text, definition FROM slo ORDER BY id",
  );
  const run: EvaluationRun = { until: until.toISOString(), evaluated: 0, failed: [], transitions: [] };
  for (const slo of rows) {
    try {
      const evaluation = await computeEvaluation(slo.definition, until);
      const { transitions } = await recordEvaluation(slo, evaluation, now, true);
      run.transitions.push(...transitions);
      run.evaluated++;
    } catch (err) {
      run.failed.push({ slo: slo.definition.name, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return run;
}
