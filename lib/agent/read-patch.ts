import { compareBlocks, type Change } from "@/lib/agent/compare-blocks";
import { parseHcl, type ParsedHcl } from "@/lib/agent/parse-hcl";
import type { RefactorProposal } from "@/lib/agent/schemas";
import { splitDiff } from "@/lib/agent/split-diff";

// A refactor's patch read into the changes it would make: a diff's two sides parsed and compared,
// or added blocks compared with nothing. Any parse problem is the outcome, not an exception.

export type PatchReading =
  { ok: true; changes: Change[]; hunks: number; otherBlocks: string[] } | { ok: false; error: string };

const EMPTY: ParsedHcl = { resources: [], moved: [], duplicates: [], other: {} };

/** Top-level kinds other than resources whose content the patch changes (a provider's region replaces everything). */
function otherBlocksChanged(before: ParsedHcl, after: ParsedHcl): string[] {
  const kinds = new Set([...Object.keys(before.other), ...Object.keys(after.other)]);
  return [...kinds].filter((kind) => JSON.stringify(before.other[kind]) !== JSON.stringify(after.other[kind]));
}

async function parseSide(source: string, side: string): Promise<{ value: ParsedHcl } | { error: string }> {
  const parsed = await parseHcl(source);
  if (!parsed.ok) return { error: `${side}: ${parsed.error}` };
  if (parsed.value.duplicates.length)
    return { error: `${side}: ${parsed.value.duplicates.slice(0, 5).join(", ")} declared more than once` };
  return { value: parsed.value };
}

export async function readPatch(proposal: RefactorProposal): Promise<PatchReading> {
  const { patch } = proposal;
  const sides =
    patch.format === "hcl-blocks"
      ? ({ ok: true, before: "", after: patch.hcl, hunks: 1 } as const)
      : splitDiff(patch.diff);
  if (!sides.ok) return { ok: false, error: `the diff is malformed: ${sides.error}` };
  const before = sides.before ? await parseSide(sides.before, "before the patch") : { value: EMPTY };
  if ("error" in before) return { ok: false, error: before.error };
  const after = await parseSide(sides.after, "after the patch");
  if ("error" in after) return { ok: false, error: after.error };
  if (!after.value.resources.length && !before.value.resources.length)
    return { ok: false, error: "the patch holds no resource block" };
  return {
    ok: true,
    changes: compareBlocks(before.value, after.value, proposal.module),
    hunks: sides.hunks,
    otherBlocks: otherBlocksChanged(before.value, after.value),
  };
}
