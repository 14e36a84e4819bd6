import { pool } from "@/lib/db";
import type { JobDefinition } from "@/lib/jobs/registry";
import { generateProposals, type GenerateResult, type ProposalRunner } from "./generate-proposals";

// The agent's job, declared here so the Settings page and /api/health list it in every process,
// while its runner (the model, agents/propose.ts) is plugged in only where the worker runs. It is
// asked every 5 minutes and runs hourly, and soon after a zombie scan (new findings to propose).

export const PROPOSE_JOB_NAME = "propose-agent";
/** Longest wait between rounds. */
export const PROPOSE_EVERY_MINUTES = 60;
/** Shortest wait between rounds, however often the zombies are scanned: a model run costs money. */
export const PROPOSE_AT_MOST_EVERY_MINUTES = 10;

export const PROPOSE_JOB_INFO: Omit<JobDefinition, "run"> = {
  name: PROPOSE_JOB_NAME,
  cron: "*/5 * * * *",
  description: `Proposes teardowns of idle resources and attributions of unallocated spend (the model's when VIGIL_LLM_MODEL is set, else rule-based), each validated against what Vigil knows before a person sees it; hourly, and after a zombie scan at most every ${PROPOSE_AT_MOST_EVERY_MINUTES} minutes`,
  runAtStart: true,
  feeds: "agent proposals",
};

/** Whether a round is due at `now`: none yet, an hour since the last, or a scan since it (10 minutes on). */
export async function proposalsDue(now: Date): Promise<boolean> {
  const { rows } = await pool().query<{ last: Date | null; scanned: Date | null }>(
    `SELECT (SELECT last_success_at FROM job_state WHERE name = $1) AS last,
            (SELECT scanned_at FROM zombie_scan WHERE id = 1) AS scanned`,
    [PROPOSE_JOB_NAME],
  );
  const { last, scanned } = rows[0] ?? { last: null, scanned: null };
  if (!last) return true;
  const minutes = (now.getTime() - last.getTime()) / 60_000;
  return (
    minutes >= PROPOSE_EVERY_MINUTES || (scanned !== null && scanned > last && minutes >= PROPOSE_AT_MOST_EVERY_MINUTES)
  );
}

/** The job with its runner; without one (no model configured) the proposals are rule-based. */
export function proposeJob(runner?: ProposalRunner): JobDefinition {
  return {
    ...PROPOSE_JOB_INFO,
    run: async (ctx, signal): Promise<GenerateResult | { skipped: string }> =>
      (await proposalsDue(new Date())) ? generateProposals(ctx, { runner, signal }) : { skipped: "not due" },
  };
}
