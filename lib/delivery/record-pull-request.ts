// Stores one merged pull request, idempotent on externalId, registers its commits as carried by it
// (so lead time counts the PR, not its commits one by one) and computes its first deployment.
import { authorize, type Ctx } from "@/lib/context";
import { contentHash, type RecordOutcome } from "@/lib/delivery/content-hash";
import { refreshPullRequests } from "@/lib/delivery/refresh-commits";
import type { PullRequest } from "@/lib/delivery/schemas";
import { deliveryTransaction } from "@/lib/delivery/delivery-transaction";

export async function recordPullRequest(ctx: Ctx, pr: PullRequest): Promise<RecordOutcome> {
  authorize(ctx, "ingest:delivery");
  const shas = [...new Set([pr.mergeCommitSha, ...pr.commitShas])].sort();
  const hash = contentHash({ ...pr, commitShas: shas });
  return deliveryTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; previous_hash: string | null }>(
      `WITH previous AS (SELECT content_hash FROM delivery_pull_request WHERE external_id = $1)
       INSERT INTO delivery_pull_request AS p (external_id, repo_url, service, title, first_commit_at, opened_at,
         merged_at, merge_commit_sha, commit_shas, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (external_id) DO UPDATE SET repo_url = excluded.repo_url, service = excluded.service,
         title = excluded.title, first_commit_at = excluded.first_commit_at, opened_at = excluded.opened_at,
         merged_at = excluded.merged_at, merge_commit_sha = excluded.merge_commit_sha,
         commit_shas = excluded.commit_shas, content_hash = excluded.content_hash
       WHERE p.content_hash <> excluded.content_hash
       RETURNING p.id::text, (SELECT content_hash FROM previous) AS previous_hash`,
      [
        pr.externalId,
        pr.repoUrl,
        pr.service,
        pr.title,
        pr.firstCommitAt,
        pr.openedAt,
        pr.mergedAt,
        pr.mergeCommitSha,
        shas,
        hash,
      ],
    );
    if (!rows[0]) {
      const same = await client.query<{ id: string }>(
        "SELECT id::text FROM delivery_pull_request WHERE external_id = $1",
        [pr.externalId],
      );
      return { id: same.rows[0].id, outcome: "unchanged" };
    }
    const id = rows[0].id;
    await client.query(
      `INSERT INTO delivery_commit AS c (repo_url, commit_sha, pull_request_id)
       SELECT $1, sha, $3 FROM unnest($2::text[]) AS sha
       ON CONFLICT (repo_url, commit_sha) DO UPDATE SET pull_request_id = COALESCE(c.pull_request_id, excluded.pull_request_id)`,
      [pr.repoUrl, shas, id],
    );
    await refreshPullRequests(client, [id]);
    return { id, outcome: rows[0].previous_hash === null ? "created" : "updated" };
  });
}
