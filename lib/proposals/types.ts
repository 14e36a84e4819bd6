import type { Check, Proposal, ProposalKind } from "@/lib/agent/schemas";

// What the proposal pages, the API and the patch builder share about a stored proposal
// (table agent_proposal, migration 20261207130000_agent_proposals).

export const PROPOSAL_STATUSES = ["valid", "rejected", "approved", "declined", "superseded"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export type ProposalSource = "llm" | "rule-based";

export interface ProposalView {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  source: ProposalSource;
  title: string;
  /** An explanation's subject as kind:id; null for the other kinds. */
  subject: string | null;
  targets: string[];
  /** A refactor's risk as the proposal states it; null for the other kinds and unparsed answers. */
  risk: "low" | "medium" | "high" | null;
  /** The bill's figure beside the claim; decimals as text, never summed across currencies. */
  monthlySavings: { claimed: string | null; recomputed: string | null; currency: string | null };
  checks: Check[];
  /** Explanation claims without a citation, by index: flagged in the UI. */
  uncited: number[];
  /** The proposal as parsed; null when the model's answer did not parse (raw holds it). */
  proposal: Proposal | null;
  raw: string | null;
  runId: string | null;
  model: string | null;
  requestedBy: string;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  /** True once approved with a patch (refactor, teardown): GET /api/v1/proposals/{id}/patch. */
  patchAvailable: boolean;
  pullRequest: { state: "pending" | "opened" | "failed"; url: string | null; error: string | null } | null;
}

/** The list's rows: the view without the bulky parts. */
export type ProposalListItem = Omit<ProposalView, "proposal" | "raw">;
