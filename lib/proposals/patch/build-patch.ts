import type { ProposalView } from "@/lib/proposals/types";

// PLACEHOLDER so branch agent-prop compiles: helper "patch" owns this file (branch agent-patch);
// its real builder replaces this one on merge.

/** A `git format-patch` mbox text for an approved refactor or teardown; null for the other kinds. */
export async function buildProposalPatch(
  view: ProposalView,
  approval: { by: string; at: Date; reason: string },
): Promise<string | null> {
  void approval;
  if (view.kind === "attribution" || view.kind === "explanation") return null;
  throw new Error("not merged: lib/proposals/patch/build-patch.ts comes from branch agent-patch");
}
