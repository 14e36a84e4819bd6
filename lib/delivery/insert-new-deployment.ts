// recordDeployment's path for a deployment never seen before (what a webhook mostly sends), in one
// statement: the deployment, its commits, the moments it went live, its commits' first deployments
// and their pull requests'. One round trip, atomic without a transaction. A deployment already
// stored makes it do nothing (ON CONFLICT DO NOTHING), and recordDeployment takes its general path.
import { pool } from "@/lib/db";
import { deploymentKey, isShipped } from "@/lib/delivery/delivery-window";
import type { Deployment } from "@/lib/delivery/schemas";
import { sameDeploySql } from "@/lib/delivery/same-deploy";

// A commit's first deployment is the earliest (finish, then id) of every committed deployment that
// shipped it; a new deployment removes nothing, so merging it with the row as committed is exact.
const EARLIER = `excluded.first_deployed_at IS NOT NULL AND (c.first_deployed_at IS NULL
  OR (excluded.first_deployed_at, excluded.first_deployment_id) < (c.first_deployed_at, c.first_deployment_id))`;
const pick = (column: string) => `CASE WHEN ${EARLIER} THEN excluded.${column} ELSE c.${column} END`;
const IF_SHIPPED = (value: string) => `CASE WHEN $19::boolean THEN ${value} END`;

const SQL = `
WITH dep AS (
  INSERT INTO delivery_deployment (source, external_id, service, team, environment, result, started_at, finished_at,
    version, author, hotfix, commit_count, content_hash)
  VALUES ($1, $2, $3, COALESCE($4, (SELECT team FROM service WHERE name = $3)), $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, team
), detected AS (
  -- A sender's report replaces the deploy detected from telemetry (record-deployment.ts replaceDetected).
  DELETE FROM delivery_deployment t USING dep
   WHERE $1 <> 'telemetry' AND t.source = 'telemetry' AND ${sameDeploySql({
     detected: { service: "t.service", environment: "t.environment", version: "t.version", at: "t.finished_at" },
     reported: {
       service: "$3",
       environment: "$5",
       version: "$9",
       startedAt: "$7::timestamptz",
       finishedAt: "$8::timestamptz",
     },
   })}
), commits AS (
  INSERT INTO delivery_deployment_commit (deployment_id, repo_url, commit_sha, commit_msg, authored_at, finished_at)
  SELECT dep.id, k.* FROM dep, unnest($14::text[], $15::text[], $16::text[], $17::timestamptz[], $18::timestamptz[]) AS k
), live AS (
  INSERT INTO delivery_live_row (deployment_id, service, finished_at, deployment_key)
  SELECT dep.id, $3, f, $20 FROM dep, unnest($21::timestamptz[]) AS f WHERE $19::boolean
), merged AS (
  INSERT INTO delivery_commit AS c (repo_url, commit_sha, authored_at, first_deployed_at, first_deployment_id, service, team)
  SELECT k.repo_url, k.commit_sha, k.authored_at, ${IF_SHIPPED("$8::timestamptz")}, ${IF_SHIPPED("dep.id")},
         ${IF_SHIPPED("$3")}, ${IF_SHIPPED("dep.team")}
    FROM dep, unnest($14::text[], $15::text[], $17::timestamptz[]) AS k(repo_url, commit_sha, authored_at)
  ON CONFLICT (repo_url, commit_sha) DO UPDATE SET authored_at = COALESCE(c.authored_at, excluded.authored_at),
    first_deployed_at = ${pick("first_deployed_at")}, first_deployment_id = ${pick("first_deployment_id")},
    service = ${pick("service")}, team = ${pick("team")}
  WHERE (c.authored_at IS NULL AND excluded.authored_at IS NOT NULL) OR (${EARLIER})
  RETURNING c.pull_request_id, c.first_deployment_id
), pull_requests AS (
  -- A pull request whose commit now first shipped here: the earliest over its commits as stored
  -- before this statement and this deployment (refreshPullRequests' rule), only if earlier than the
  -- row holds: re-checked on the row a concurrent writer committed, which this snapshot cannot see.
  UPDATE delivery_pull_request p SET first_deployed_at = x.at, deploy_service = x.service, deploy_team = x.team
    FROM dep, delivery_pull_request p2
    JOIN (SELECT DISTINCT m.pull_request_id FROM merged m JOIN dep ON m.first_deployment_id = dep.id) moved
      ON moved.pull_request_id = p2.id
    CROSS JOIN LATERAL (
      SELECT y.at, y.service, y.team FROM (
        SELECT c.first_deployed_at AS at, c.first_deployment_id AS id, c.service, c.team FROM delivery_commit c
         WHERE c.repo_url = p2.repo_url AND c.commit_sha = ANY (p2.commit_shas || p2.merge_commit_sha)
           AND c.first_deployed_at IS NOT NULL
        UNION ALL SELECT $8::timestamptz, dep.id, $3, dep.team) y
       ORDER BY y.at, y.id LIMIT 1) x
   WHERE p.id = p2.id AND (p.first_deployed_at IS NULL OR x.at < p.first_deployed_at)
)
SELECT id::text FROM dep`;

/** Stores a deployment (its commits distinct and sorted) if none has its key yet; its id, or null. */
export async function insertNewDeployment(
  d: Deployment,
  hash: string,
  commits: Deployment["commits"],
): Promise<string | null> {
  const finish = (c: Deployment["commits"][number]) => c.finishedAt ?? d.finishedAt;
  const liveAt = commits.length ? commits.map((c) => finish(c).getTime()) : [d.finishedAt.getTime()];
  const { rows } = await pool().query<{ id: string }>({
    name: "delivery-insert-new-deployment",
    text: SQL,
    values: [
      ...deploymentValues(d, commits.length, hash),
      commits.map((c) => c.repoUrl),
      commits.map((c) => c.commitSha),
      commits.map((c) => c.commitMsg),
      commits.map((c) => c.authoredAt),
      commits.map(finish),
      isShipped(d),
      deploymentKey(d),
      [...new Set(liveAt)].map((ms) => new Date(ms)),
    ],
  });
  return rows[0]?.id ?? null;
}

/** $1..$13 of both deployment writers: the deployment's columns in the order their INSERTs name them. */
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
