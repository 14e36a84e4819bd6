import { z } from "zod";
import { Proposal } from "@/lib/agent/schemas";
import type { Ctx } from "@/lib/context";
import { llmConfig } from "@/lib/env";
import type { ProposalRunner } from "@/lib/proposals/generate-proposals";
import { proposeJob } from "@/lib/proposals/propose-job";
import { type AgentBudgets, type LlmEndpoint, runAgent } from "./run-agent";

// The model's round of proposals: a run with the read-only tools, answering up to ten proposals in
// the schemas lib/agent validates. What it answers is stored by lib/proposals, never applied.

export const MAX_PROPOSALS = 10;

export const ProposalsAnswer = z.object({
  proposals: z.array(Proposal).max(MAX_PROPOSALS).describe("At most ten proposals, the most valuable first"),
});

const TASK = [
  "Propose changes that would save money or make spend explainable, as JSON in the schema given:",
  "- teardown: open zombie findings that are safe to remove (never protected ones), with your judgement",
  "  of what the rules could not see, and the finding, resource and bill ids as evidence;",
  "- attribution: spend left unallocated that belongs to a feature, as a tag rule or resource-to-feature",
  "  mapping, citing the bill and resource ids;",
  "- refactor: a Terraform change (a full-context unified diff, or new HCL blocks) that right-sizes an",
  "  over-provisioned resource, never destroying or replacing one, with the saving and how you estimated it.",
  "Use the tools to look things up; propose only what the records support, citing them. An empty list is",
  "a fine answer.",
].join("\n");

/** A ProposalRunner over the configured model (or the endpoint given: tests, a per-request model). */
export function agentProposalRunner(options: { llm?: LlmEndpoint | null; budgets?: Partial<AgentBudgets> } = {}) {
  const runner: ProposalRunner = async (requestedBy: Ctx, task) => {
    const result = await runAgent(requestedBy, {
      task: `${TASK}\nToday is ${task.asOf.toISOString().slice(0, 10)}.`,
      answer: { name: "vigil_proposals", schema: ProposalsAnswer },
      budgets: options.budgets,
      llm: options.llm,
      signal: task.signal,
    });
    if (result.source === "rule-based") return result;
    const model = (options.llm === undefined ? llmConfig() : options.llm)?.model ?? null;
    if (result.outcome === "failed")
      return {
        source: "llm",
        runId: result.runId,
        model,
        outcome: "failed",
        reason: result.reason,
        detail: result.detail,
      };
    return { source: "llm", runId: result.runId, model, outcome: "answered", proposals: result.answer.proposals };
  };
  return runner;
}

/** The worker jobs whose body lives in agents/: runtime/worker.ts hands them to runWorker. */
export const AGENT_JOBS = [proposeJob(agentProposalRunner())];
