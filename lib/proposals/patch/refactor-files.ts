import type { RefactorProposal } from "@/lib/agent/schemas";
import { creationOf } from "@/lib/proposals/patch/file-diff";
import { moduleDirectory, safeRepoPath } from "@/lib/proposals/patch/repo-path";
import { resolveDiffFiles, type ResolvedFiles } from "@/lib/proposals/patch/resolve-files";

// A refactor's files: its unified diff as the diff names them (main.tf in the module's directory
// when it names none), or its HCL blocks as a new vigil-<slug>.tf beside the module's files.

/** The title as a file-name slug: lowercase words joined by hyphens, at most 40 characters. */
export function slugOf(title: string): string {
  const words =
    title
      .toLowerCase()
      .normalize("NFKD")
      .match(/[a-z0-9]+/g) ?? [];
  return words.join("-").slice(0, 40).replace(/-+$/, "");
}

export function refactorFiles(proposal: RefactorProposal, proposalId: string): ResolvedFiles {
  const dir = moduleDirectory(proposal.module);
  if (proposal.patch.format === "unified-diff")
    return resolveDiffFiles(proposal.patch.diff, { dir, defaultPath: `${dir}main.tf` });
  const slug = slugOf(proposal.title) || proposalId.slice(0, 8);
  const path = safeRepoPath(`${dir}vigil-${slug}.tf`);
  if (!path) return { ok: false, error: "no file name for the HCL blocks" };
  return { ok: true, files: [creationOf(path, proposal.patch.hcl)] };
}
