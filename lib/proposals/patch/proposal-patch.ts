import { VigilError } from "@/lib/errors";
import { type Approval, commitMessage } from "@/lib/proposals/patch/commit-message";
import type { FileDiff } from "@/lib/proposals/patch/file-diff";
import { formatPatch } from "@/lib/proposals/patch/format-patch";
import { refactorFiles } from "@/lib/proposals/patch/refactor-files";
import type { FindingPlan } from "@/lib/proposals/patch/teardown-files";
import { teardownChanges } from "@/lib/proposals/patch/teardown-files";
import type { ProposalView } from "@/lib/proposals/types";

// The pure core of buildProposalPatch: a proposal view, its approval and (for a teardown) its
// findings' plans in, the format-patch text out. A diff that can not become a patch (a path
// outside the repository, a deleted file) is a conflict: approving it would hand out a broken patch.

function refused(view: ProposalView, error: string): VigilError {
  return new VigilError("conflict", `proposal ${view.id} can not be written as a patch: ${error}`, {
    field: "patch",
  });
}

export function proposalPatch(view: ProposalView, approval: Approval, plans: FindingPlan[] = []): string | null {
  const proposal = view.proposal;
  if (view.kind !== "refactor" && view.kind !== "teardown") return null;
  if (!proposal || proposal.kind !== view.kind) throw refused(view, "its body did not parse");
  let files: FileDiff[];
  let notes: string[] = [];
  if (proposal.kind === "refactor") {
    const resolved = refactorFiles(proposal, view.id);
    if (!resolved.ok) throw refused(view, resolved.error);
    files = resolved.files;
  } else ({ files, notes } = teardownChanges(view.id, plans));
  return formatPatch({
    subject: view.title,
    body: commitMessage(view, approval, notes),
    date: approval.at,
    files,
  });
}
