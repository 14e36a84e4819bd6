import type { FileDiff } from "@/lib/proposals/patch/file-diff";
import { creationOf } from "@/lib/proposals/patch/file-diff";
import { oneLine } from "@/lib/proposals/patch/message-text";
import { safeRepoPath } from "@/lib/proposals/patch/repo-path";
import type { TeardownPlan } from "@/lib/zombies/teardown-plan";

// A teardown proposal's files from its findings' teardown plans (lib/zombies/teardown-plan.ts):
// the Terraform removed blocks gathered in one vigil-teardown-<id8>.tf (a name of the proposal's
// own, so a second approved teardown never collides with the first), each AWS CLI script as an
// executable file under vigil-teardown/, and what only a person can do as notes for the message.
// When nothing is left to write, the manual steps become a file so the patch still applies.

export interface FindingPlan {
  findingId: string;
  address: string | null;
  /** null: the finding no longer exists. */
  plan: TeardownPlan | null;
}

export interface TeardownChanges {
  files: FileDiff[];
  notes: string[];
}

/** The removed block a plan's patch adds (its + lines without the +++ header). */
function removedBlock(patch: string): string[] {
  return patch
    .split("\n")
    .filter((line) => line.startsWith("+") && !line.startsWith("+++"))
    .map((line) => line.slice(1));
}

function manualNotes(item: FindingPlan, plan: Extract<TeardownPlan, { kind: "manual" }>): string[] {
  const what = oneLine(item.address ?? `finding ${item.findingId}`, 300);
  return [
    `${what}: by hand, ${oneLine(plan.reason, 500)}.`,
    ...plan.notes.map((n) => oneLine(n, 500)),
    ...plan.commands.map((c) => `Run: ${oneLine(c, 300)}`),
    ...plan.expect.map((e) => `The plan must show: ${oneLine(e, 300)}`),
  ];
}

export function teardownChanges(proposalId: string, items: FindingPlan[]): TeardownChanges {
  const removed: string[] = [];
  const files: FileDiff[] = [];
  const notes: string[] = [];
  for (const item of items) {
    const plan = item.plan;
    if (!plan) notes.push(`Finding ${item.findingId} no longer exists; nothing was written for it.`);
    else if (plan.kind === "terraform") {
      removed.push(...(removed.length ? [""] : []), ...removedBlock(plan.patch));
      notes.push(...plan.notes.filter((n) => !n.includes(plan.file)).map((n) => oneLine(n, 500)));
      notes.push(`Then run ${plan.commands.join(" && ")}; the plan must show ${plan.expect.join(" ")}`);
    } else if (plan.kind === "aws-cli") {
      const path = safeRepoPath(`vigil-teardown/${plan.filename}`);
      if (path && !files.some((f) => f.path === path)) files.push(creationOf(path, plan.script, "100755"));
      notes.push(`Run vigil-teardown/${plan.filename} once to check, then with CONFIRM set to delete.`);
      notes.push(...plan.notes.map((n) => oneLine(n, 500)));
    } else notes.push(...manualNotes(item, plan));
  }
  const id8 = proposalId.slice(0, 8);
  if (removed.length) files.unshift(creationOf(`vigil-teardown-${id8}.tf`, removed.join("\n")));
  if (!files.length) {
    const steps = ["# Vigil teardown: steps to take by hand", "", ...notes.map((n) => `- ${n}`)];
    files.push(creationOf(`vigil-teardown/${id8}-manual.md`, steps.join("\n")));
  }
  return { files, notes: [...new Set(notes)] };
}
