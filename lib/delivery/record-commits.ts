// Commits pushed (GitHub `push`), kept for their authored time: a deployment that later names only
// a sha still gets a lead time from the commit.
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";
import { refreshCommits } from "@/lib/delivery/refresh-commits";
import type { DeploymentCommit } from "@/lib/delivery/schemas";

export async function recordCommits(ctx: Ctx, commits: DeploymentCommit[]): Promise<{ recorded: number }> {
  authorize(ctx, "ingest:delivery");
  if (!commits.length) return { recorded: 0 };
  await sqlTransaction((client) => refreshCommits(client, commits, commits));
  return { recorded: new Set(commits.map((c) => `${c.repoUrl}\u0000${c.commitSha}`)).size };
}
