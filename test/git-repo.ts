import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ProposalView } from "@/lib/proposals/types";

// A throwaway git repository holding a patch's "before" files, and `git am` run on it: what a
// person does with a downloaded proposal patch. Used by the patch and pull request tests.

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Tester",
  GIT_AUTHOR_EMAIL: "tester@example.com",
  GIT_COMMITTER_NAME: "Tester",
  GIT_COMMITTER_EMAIL: "tester@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: os.tmpdir(),
};

function git(dir: string, args: string[], input?: string) {
  return spawnSync("git", args, { cwd: dir, env: GIT_ENV, input, encoding: "utf8" });
}

export function gitRepo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-git-"));
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env: GIT_ENV });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  git(dir, ["add", "-A"]);
  const commit = git(dir, ["commit", "-q", "--allow-empty", "-m", "before"]);
  if (commit.status !== 0) throw new Error(commit.stderr);
  return dir;
}

/** git am on the patch text; the outcome and, when it applied, the last commit's message. */
export function gitAm(dir: string, patch: string): { ok: boolean; stderr: string; message: string; author: string } {
  const am = git(dir, ["am", "--quiet"], patch);
  if (am.status !== 0) return { ok: false, stderr: am.stderr + am.stdout, message: "", author: "" };
  return {
    ok: true,
    stderr: am.stderr,
    message: git(dir, ["log", "-1", "--format=%B"]).stdout,
    author: git(dir, ["log", "-1", "--format=%an <%ae> %aI"]).stdout.trim(),
  };
}

/** Every tracked file of HEAD with its text and mode. */
export function headFiles(dir: string): Record<string, { content: string; mode: string }> {
  const listing = git(dir, ["ls-tree", "-r", "HEAD"]).stdout.trim().split("\n").filter(Boolean);
  return Object.fromEntries(
    listing.map((line) => {
      const [meta, name] = line.split("\t");
      return [name, { content: fs.readFileSync(path.join(dir, name), "utf8"), mode: meta.split(" ")[0] }];
    }),
  );
}

export function removeRepo(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A stored proposal's view around a parsed proposal body, approved-ready. */
export function viewOf(proposal: ProposalView["proposal"], over: Partial<ProposalView> = {}): ProposalView {
  return {
    id: "3f1c2a9e-5b6d-4c7e-8f90-a1b2c3d4e5f6",
    kind: proposal?.kind ?? "refactor",
    status: "valid",
    source: "rule-based",
    title: "Right-size the web server",
    subject: null,
    targets: [],
    risk: proposal?.kind === "refactor" ? proposal.risk : null,
    monthlySavings: { claimed: "41.5", recomputed: "40.12", currency: "USD" },
    checks: [{ name: "hcl-parses", passed: true, detail: "both sides parse" }],
    uncited: [],
    proposal,
    raw: null,
    runId: null,
    model: null,
    requestedBy: "system:test",
    createdAt: "2026-12-07T10:00:00.000Z",
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    patchAvailable: false,
    pullRequest: null,
    ...over,
  };
}
