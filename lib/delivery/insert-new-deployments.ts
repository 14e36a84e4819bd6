// recordDeployment's path for deployments never seen before (what webhooks mostly send), many in
// one statement: the deployments, their commits, the moments they went live and their commits'
// first deployments; the pull requests those commits moved are refreshed right after. A deployment
// already stored makes it do nothing for that one (ON CONFLICT DO NOTHING, null id), and
// recordDeployment takes its general path. Keys must be distinct within a call, and no deployment
// may come from telemetry (a report in the same statement could not see it to replace it).
import { pool } from "@/lib/db";
import { deliveryTransaction } from "@/lib/delivery/delivery-transaction";
import { refreshPullRequests } from "@/lib/delivery/refresh-commits";
import type { Deployment } from "@/lib/delivery/schemas";
import { sameDeploySql } from "@/lib/delivery/same-deploy";

// A commit's first deployment is the earliest (finish, then id) of every committed deployment that
// shipped it; new deployments remove nothing, so merging the earliest of them with the row as
// committed is exact.
const EARLIER = `excluded.first_deployed_at IS NOT NULL AND (c.first_deployed_at IS NULL
  OR (excluded.first_deployed_at, excluded.first_deployment_id) < (c.first_deployed_at, c.first_deployment_id))`;
const pick = (column: string) => `CASE WHEN ${EARLIER} THEN excluded.${column} ELSE c.${column} END`;

const SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
    $8::timestamptz[], $9::text[], $10::text[], $11::boolean[], $12::int[], $13::text[])
    WITH ORDINALITY AS i(source, external_id, service, team, environment, result, started_at, finished_at, version,
      author, hotfix, commit_count, content_hash, n)
), dep AS (
  INSERT INTO delivery_deployment (source, external_id, service, team, environment, result, started_at, finished_at,
    version, author, hotfix, commit_count, content_hash)
  SELECT source, external_id, service, COALESCE(team, (SELECT s.team FROM service s WHERE s.name = i.service)),
    environment, result, started_at, finished_at, version, author, hotfix, commit_count, content_hash
    FROM input i ORDER BY n
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, source, external_id, team
), d AS (
  SELECT dep.id, dep.team, i.n, i.source, i.external_id, i.service, i.environment, i.started_at, i.finished_at,
         i.version, i.result = 'SUCCESS' AND i.environment = 'PRODUCTION' AS shipped
    FROM dep JOIN input i USING (source, external_id)
), detected AS (
  -- A sender's report replaces the deploy detected from telemetry (record-deployment.ts replaceDetected).
  DELETE FROM delivery_deployment t USING d
   WHERE d.source <> 'telemetry' AND t.source = 'telemetry' AND ${sameDeploySql({
     detected: { service: "t.service", environment: "t.environment", version: "t.version", at: "t.finished_at" },
     reported: {
       service: "d.service",
       environment: "d.environment",
       version: "d.version",
       startedAt: "d.started_at",
       finishedAt: "d.finished_at",
     },
   })}
), c AS (
  SELECT d.id, d.n, d.shipped, d.finished_at AS deployed_at, d.service, d.team, k.repo_url, k.commit_sha,
         k.commit_msg, k.authored_at, k.finished_at
    FROM d JOIN unnest($14::int[], $15::text[], $16::text[], $17::text[], $18::timestamptz[], $19::timestamptz[])
      AS k(n, repo_url, commit_sha, commit_msg, authored_at, finished_at) USING (n)
), commits AS (
  INSERT INTO delivery_deployment_commit (deployment_id, repo_url, commit_sha, commit_msg, authored_at, finished_at)
  SELECT id, repo_url, commit_sha, commit_msg, authored_at, finished_at FROM c
), live AS (
  INSERT INTO delivery_live_row (deployment_id, service, finished_at, deployment_key)
  SELECT DISTINCT d.id, d.service, COALESCE(c.finished_at, d.finished_at), d.source || ':' || d.external_id
    FROM d LEFT JOIN c USING (id) WHERE d.shipped
), best AS (
  -- Per commit: the earliest of these deployments that shipped it, and the first authored time given.
  SELECT DISTINCT ON (repo_url, commit_sha) repo_url, commit_sha,
    first_value(authored_at) OVER (PARTITION BY repo_url, commit_sha ORDER BY authored_at IS NULL, n) AS authored_at,
    CASE WHEN shipped THEN deployed_at END AS first_deployed_at, CASE WHEN shipped THEN id END AS first_deployment_id,
    CASE WHEN shipped THEN service END AS service, CASE WHEN shipped THEN team END AS team
    FROM c
   ORDER BY repo_url, commit_sha, shipped DESC, deployed_at, id
), merged AS (
  INSERT INTO delivery_commit AS c (repo_url, commit_sha, authored_at, first_deployed_at, first_deployment_id, service, team)
  SELECT * FROM best ORDER BY repo_url, commit_sha
  ON CONFLICT (repo_url, commit_sha) DO UPDATE SET authored_at = COALESCE(c.authored_at, excluded.authored_at),
    first_deployed_at = ${pick("first_deployed_at")}, first_deployment_id = ${pick("first_deployment_id")},
    service = ${pick("service")}, team = ${pick("team")}
  WHERE (c.authored_at IS NULL AND excluded.authored_at IS NOT NULL) OR (${EARLIER})
  RETURNING c.pull_request_id, c.first_deployment_id, c.first_deployed_at, c.service, c.team
), moved AS (
  SELECT m.* FROM merged m WHERE m.pull_request_id IS NOT NULL AND m.first_deployment_id IN (SELECT id FROM d)
)
-- The pull requests whose commits now first shipped here are refreshed after this statement, in
-- one of their own (refreshPullRequests): this one's snapshot may not see a pull request a
-- concurrent writer linked to these commits and committed while it ran.
SELECT id::text, n, (SELECT array_agg(DISTINCT pull_request_id::text) FROM moved) AS moved FROM d`;

const iso = (at: Date | null | undefined) => (at ? at.toISOString() : null);
const PREPARED_UP_TO = 64;

/**
 * Stores each deployment (its commits distinct and sorted) whose key is not stored yet; each one's
 * id, or null for one already stored.
 */
export async function insertNewDeployments(
  list: readonly { deployment: Deployment; hash: string; commits: Deployment["commits"] }[],
): Promise<(string | null)[]> {
  if (list.length === 0) return [];
  const column = <T>(of: (d: Deployment, k: number) => T) => list.map(({ deployment }, k) => of(deployment, k));
  const commits = list.flatMap(({ commits }, k) => commits.map((c) => ({ c, n: k + 1 })));
  const { rows } = await pool().query<{ id: string; n: string; moved: string[] | null }>({
    // Prepared (planned once, for any size) only for the webhooks' small batches: for a large one, a
    // plan made for its own arrays' sizes joins by hash where the generic one nests loops.
    name: list.length <= PREPARED_UP_TO ? "delivery-insert-new-deployments" : undefined,
    text: SQL,
    values: [
      column((d) => d.source),
      column((d) => d.externalId),
      column((d) => d.service),
      column((d) => d.team),
      column((d) => d.environment),
      column((d) => d.result),
      column((d) => iso(d.startedAt)),
      column((d) => iso(d.finishedAt)),
      column((d) => d.version),
      column((d) => d.author),
      column((d) => d.hotfix),
      list.map((x) => x.commits.length),
      list.map((x) => x.hash),
      commits.map((x) => x.n),
      commits.map((x) => x.c.repoUrl),
      commits.map((x) => x.c.commitSha),
      commits.map((x) => x.c.commitMsg),
      commits.map((x) => iso(x.c.authoredAt)),
      commits.map((x) => iso(x.c.finishedAt ?? list[x.n - 1].deployment.finishedAt)),
    ],
  });
  const ids: (string | null)[] = list.map(() => null);
  for (const row of rows) ids[Number(row.n) - 1] = row.id;
  const moved = rows[0]?.moved ?? [];
  if (moved.length) await deliveryTransaction((client) => refreshPullRequests(client, moved));
  return ids;
}

/** $1..$13 of the general writer: the deployment's columns in the order its INSERT names them. */
export function deploymentValues(d: Deployment, commitCount: number, hash: string): unknown[] {
  return [
    d.source,
    d.externalId,
    d.service,
    d.team,
    d.environment,
    d.result,
    d.startedAt,
    d.finishedAt,
    d.version,
    d.author,
    d.hotfix,
    commitCount,
    hash,
  ];
}
