import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { recordAudit } from "./record-audit";

export interface AgentRunRecord {
  runId: string;
  model: string;
  /** The model endpoint's host only: a URL's path or query could carry a key. */
  endpointHost: string;
  /** sha256 of the redacted opening messages, so a run can be matched to its prompt without storing it. */
  promptHash: string;
  tools: { name: string; arguments: unknown; refused: boolean }[];
  tokens: { prompt: number; completion: number; total: number };
  durationMs: number;
  steps: number;
  outcome: "answered" | "failed";
  /** Why a run failed: timeout, step_budget, token_budget, malformed_answer, endpoint_error. */
  reason: string | null;
}

/**
 * One audit entry per agent run, written by the agent's own read-only actor (its label names who
 * asked). The run changes nothing, so the entry has its own transaction.
 */
export async function recordAgentRun(ctx: Ctx, run: AgentRunRecord): Promise<void> {
  authorize(ctx, "read");
  if (ctx.actor.kind !== "agent") throw new Error("recordAgentRun: only the agent's own actor records its runs");
  const { runId, reason, ...summary } = run;
  await sqlTransaction((client) =>
    recordAudit(client, ctx, {
      action: `agent.run_${run.outcome}`,
      target: { type: "agent_run", id: runId },
      summary,
      reason,
    }),
  );
}
