import type { JobDefinition } from "@/lib/jobs/registry";
import { generateProposals, type ProposalRunner } from "./generate-proposals";

// The agent's job, declared here so the Settings page and /api/health list it in every process,
// while its runner (the model, agents/propose.ts) is plugged in only where the worker runs.

export const PROPOSE_JOB_INFO: Omit<JobDefinition, "run"> = {
  name: "propose-agent",
  cron: "41 * * * *",
  description:
    "Proposes teardowns of idle resources and attributions of unallocated spend (the model's when VIGIL_LLM_MODEL is set, else rule-based), each validated against what Vigil knows before a person sees it",
  runAtStart: true,
  feeds: "agent proposals",
};

/** The job with its runner; without one (no model configured) the proposals are rule-based. */
export function proposeJob(runner?: ProposalRunner): JobDefinition {
  return {
    ...PROPOSE_JOB_INFO,
    run: (ctx, signal) => generateProposals(ctx, { runner, signal }),
  };
}
