import { pool } from "@/lib/db";
import type { Approval } from "@/lib/proposals/patch/commit-message";
import { proposalPatch } from "@/lib/proposals/patch/proposal-patch";
import type { FindingPlan } from "@/lib/proposals/patch/teardown-files";
import type { ProposalView } from "@/lib/proposals/types";
import { findingTeardownPlan, type PlannedFinding } from "@/lib/zombies/teardown-plan";

// An approved proposal as a `git format-patch` text (git am applies it), null for the kinds that
// change no code (attribution, explanation). A teardown's findings are read here for their
// teardown plans; the rest is the pure core in proposal-patch.ts.

async function findingPlans(ids: string[], at: Date): Promise<FindingPlan[]> {
  const { rows } = await pool().query<PlannedFinding & { id: string }>(
    `SELECT id, rule, resource_key, resource_id, kind, provider, address, arn, region, name
     FROM zombie_finding WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) return { findingId: id, address: null, plan: null };
    return { findingId: id, address: row.address, plan: findingTeardownPlan(row, at) };
  });
}

export async function buildProposalPatch(view: ProposalView, approval: Approval): Promise<string | null> {
  const proposal = view.proposal;
  const plans = proposal?.kind === "teardown" ? await findingPlans(proposal.findingIds, approval.at) : [];
  return proposalPatch(view, approval, plans);
}
