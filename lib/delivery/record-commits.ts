// Commits pushed (GitHub `push`), kept for their authored time: a deployment that later names only
// a sha still gets a lead time from the commit.
import { authorize, type Ctx } from "@/lib/context";
import { refreshCommits } from "@/lib/delivery/refresh-commits";
import type { DeploymentCommit } from "@/lib/delivery/schemas";
import { deliveryTransaction } from "@/lib/delivery/delivery-transaction";

export async function recordCommits(ctx: Ctx, commits: DeploymentCommit[]): Promise<{ recorded: number }> {
  authorize(ctx, "ingest:delivery");
  if (!commits.length) return { recorded: 0 };
  await deliveryTransaction((client) => refreshCommits(client, commits, commits));
  return { recorded: new Set(commits.map((c) => `${c.repoUrl}\u0000${c.commitSha}`)).size };
}
