// Keeps delivery_commit (every commit once: authored time, first successful production deployment,
// the pull request that carried it) and each pull request's first deployment current after a write.
// Rows are locked in key order by the upsert, so two writers touching one commit serialize, and the
// second recomputes from what the first committed.
import type pg from "pg";
import type { DeploymentCommit } from "@/lib/delivery/schemas";

type CommitRef = Pick<DeploymentCommit, "repoUrl" | "commitSha">;

function distinctSorted(refs: readonly CommitRef[]): CommitRef[] {
  const byKey = new Map(refs.map((r) => [`${r.repoUrl}\u0000${r.commitSha}`, r]));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** Registers the commits (first known authored time wins) and recomputes their first deployments. */
export async function refreshCommits(
  client: pg.ClientBase,
  touched: readonly CommitRef[],
  described: readonly DeploymentCommit[],
): Promise<void> {
  const refs = distinctSorted(touched);
  if (!refs.length) return;
  const authored = new Map(described.map((c) => [`${c.repoUrl}\u0000${c.commitSha}`, c.authoredAt]));
  const repos = refs.map((r) => r.repoUrl);
  const shas = refs.map((r) => r.commitSha);
  await client.query(
    `INSERT INTO delivery_commit AS c (repo_url, commit_sha, authored_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
     ON CONFLICT (repo_url, commit_sha) DO UPDATE SET authored_at = COALESCE(c.authored_at, excluded.authored_at)`,
    [repos, shas, refs.map((r) => authored.get(`${r.repoUrl}\u0000${r.commitSha}`) ?? null)],
  );
  const { rows } = await client.query<{ pull_request_id: string }>(
    `UPDATE delivery_commit c SET first_deployed_at = f.at, first_deployment_id = f.id, service = f.service, team = f.team
     FROM (SELECT k.repo_url, k.commit_sha, x.at, x.id, x.service, x.team
             FROM unnest($1::text[], $2::text[]) AS k(repo_url, commit_sha)
             LEFT JOIN LATERAL (
               SELECT d.finished_at AS at, d.id, d.service, d.team
                 FROM delivery_deployment_commit dc JOIN delivery_deployment d ON d.id = dc.deployment_id
                WHERE dc.repo_url = k.repo_url AND dc.commit_sha = k.commit_sha
                  AND d.environment = 'PRODUCTION' AND d.result = 'SUCCESS'
                ORDER BY d.finished_at, d.id LIMIT 1) x ON true) f
     WHERE c.repo_url = f.repo_url AND c.commit_sha = f.commit_sha
       AND (c.first_deployed_at IS DISTINCT FROM f.at OR c.first_deployment_id IS DISTINCT FROM f.id
            OR c.service IS DISTINCT FROM f.service OR c.team IS DISTINCT FROM f.team)
     RETURNING c.pull_request_id::text`,
    [repos, shas],
  );
  const prIds = [...new Set(rows.map((r) => r.pull_request_id).filter((id): id is string => id !== null))];
  await refreshPullRequests(client, prIds);
}

/** Each pull request's first deployment: the earliest first deployment of its commits. */
export async function refreshPullRequests(client: pg.ClientBase, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  // Lock first, compute in the next statement: its snapshot then holds what a concurrent writer of
  // another commit of the same pull request committed while we waited (one statement would not).
  await client.query("SELECT 1 FROM delivery_pull_request WHERE id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE", [ids]);
  await client.query(
    `UPDATE delivery_pull_request p SET first_deployed_at = x.at, deploy_service = x.service, deploy_team = x.team
     FROM delivery_pull_request p2
     LEFT JOIN LATERAL (
       SELECT c.first_deployed_at AS at, c.service, c.team FROM delivery_commit c
        WHERE c.repo_url = p2.repo_url AND c.commit_sha = ANY (p2.commit_shas || p2.merge_commit_sha)
          AND c.first_deployed_at IS NOT NULL
        ORDER BY c.first_deployed_at, c.first_deployment_id LIMIT 1) x ON true
     WHERE p2.id = ANY ($1::bigint[]) AND p.id = p2.id`,
    [ids],
  );
}
