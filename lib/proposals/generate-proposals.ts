import { Proposal } from "@/lib/agent/schemas";
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { withSpan } from "@/lib/telemetry";
import { fingerprintOf } from "./proposal-records";
import { storeProposal } from "./store-proposal";
import { supersedeStale } from "./supersede-stale";
import { attributionTemplates } from "./templates/attribution-templates";
import { teardownTemplates } from "./templates/teardown-templates";

// One round of proposals: the model's, when a runner is given and a model configured, else the
// rule-based templates'. Either way each goes through storeProposal, so the validator decides.

/** What one run of the model gave: its proposals, or why it gave none. */
export type ProposalRunOutcome =
  | { source: "rule-based" }
  | { source: "llm"; runId: string; model: string | null; outcome: "answered"; proposals: unknown[] }
  | { source: "llm"; runId: string; model: string | null; outcome: "failed"; reason: string; detail: string };

/** The port agents/propose.ts implements (lib never imports agents/). */
export type ProposalRunner = (
  requestedBy: Ctx,
  task: { asOf: Date; signal?: AbortSignal },
) => Promise<ProposalRunOutcome>;

export interface GenerateResult {
  source: "llm" | "rule-based";
  runId: string | null;
  stored: number;
  valid: number;
  rejected: number;
  /** Already proposed (open, decided, or rejected within a day): not stored again. */
  skipped: number;
  superseded: number;
}

/** Fingerprints not to propose again: open or decided ones, and those rejected in the last day. */
async function settledFingerprints(): Promise<Set<string>> {
  const { rows } = await pool().query<{ fingerprint: string }>(
    `SELECT DISTINCT fingerprint FROM agent_proposal
     WHERE status IN ('valid', 'approved', 'declined') OR (status = 'rejected' AND created_at > now() - interval '1 day')`,
  );
  return new Set(rows.map((row) => row.fingerprint));
}

function isSettled(answer: unknown, settled: ReadonlySet<string>): boolean {
  const parsed = Proposal.safeParse(answer);
  return parsed.success && settled.has(fingerprintOf(parsed.data));
}

async function storeAll(
  ctx: Ctx,
  answers: unknown[],
  meta: { source: "llm" | "rule-based"; runId: string | null; model: string | null; asOf: Date },
) {
  const settled = await settledFingerprints();
  const counts = { stored: 0, valid: 0, rejected: 0, skipped: 0 };
  for (const answer of answers) {
    if (isSettled(answer, settled)) {
      counts.skipped += 1;
      continue;
    }
    const view = await storeProposal(ctx, { answer, ...meta });
    counts.stored += 1;
    counts[view.status === "valid" ? "valid" : "rejected"] += 1;
  }
  return counts;
}

/** Generates, validates and stores a round of proposals; stale teardowns are superseded first. */
export async function generateProposals(
  ctx: Ctx,
  options: { runner?: ProposalRunner; asOf?: Date; signal?: AbortSignal } = {},
): Promise<GenerateResult> {
  authorize(ctx, "agent:run");
  const asOf = options.asOf ?? new Date();
  return withSpan("generateProposals", {}, async () => {
    const superseded = (await supersedeStale(ctx, asOf)).length;
    const run = options.runner ? await options.runner(ctx, { asOf, signal: options.signal }) : null;
    if (run && run.source === "llm") {
      const meta = { source: "llm" as const, runId: run.runId, model: run.model, asOf };
      if (run.outcome === "failed") {
        const failure = { reason: run.reason, detail: run.detail };
        await storeProposal(ctx, { answer: null, failure, ...meta });
        return { source: "llm", runId: run.runId, stored: 1, valid: 0, rejected: 1, skipped: 0, superseded };
      }
      const counts = await storeAll(ctx, run.proposals, meta);
      return { source: "llm", runId: run.runId, ...counts, superseded };
    }
    const answers = [...(await teardownTemplates(asOf)), ...(await attributionTemplates(asOf))];
    const counts = await storeAll(ctx, answers, { source: "rule-based", runId: null, model: null, asOf });
    return { source: "rule-based", runId: null, ...counts, superseded };
  });
}
