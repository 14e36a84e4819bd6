// Recomputes the delivery tables the write verbs keep current (delivery_live_row, delivery_commit's
// first deployments, each pull request's) from the base tables, in bulk: an admin repair, and how
// the benchmark builds them after loading the base tables with COPY. Gives what the verbs give.
import type pg from "pg";
import { authorize, type Ctx } from "@/lib/context";
import { sqlTransaction } from "@/lib/db";

export interface RebuildCounts {
  commitsRegistered: number;
  commitsChanged: number;
  pullRequestsChanged: number;
  liveRowsDeleted: number;
  liveRowsInserted: number;
}

const SHIPPED = "d.environment = 'PRODUCTION' AND d.result = 'SUCCESS'";

// Commits a deployment or a pull request names but delivery_commit lacks (or lacks the authored
// time or PR of): the verbs register them on write; an existing value is kept, as the verbs do.
const REGISTER_DEPLOYED = `
INSERT INTO delivery_commit AS c (repo_url, commit_sha, authored_at)
SELECT DISTINCT ON (dc.repo_url, dc.commit_sha) dc.repo_url, dc.commit_sha, dc.authored_at
  FROM delivery_deployment_commit dc
 WHERE NOT EXISTS (SELECT 1 FROM delivery_commit k WHERE k.repo_url = dc.repo_url AND k.commit_sha = dc.commit_sha
                      AND (k.authored_at IS NOT NULL OR dc.authored_at IS NULL))
 ORDER BY dc.repo_url, dc.commit_sha, dc.authored_at IS NULL, dc.deployment_id
ON CONFLICT (repo_url, commit_sha) DO UPDATE SET authored_at = COALESCE(c.authored_at, excluded.authored_at)`;

const REGISTER_CARRIED = `
INSERT INTO delivery_commit AS c (repo_url, commit_sha, pull_request_id)
SELECT DISTINCT ON (p.repo_url, s.sha) p.repo_url, s.sha, p.id
  FROM delivery_pull_request p CROSS JOIN LATERAL unnest(p.commit_shas || p.merge_commit_sha) AS s(sha)
 WHERE NOT EXISTS (SELECT 1 FROM delivery_commit k WHERE k.repo_url = p.repo_url AND k.commit_sha = s.sha
                      AND k.pull_request_id IS NOT NULL)
 ORDER BY p.repo_url, s.sha, p.id
ON CONFLICT (repo_url, commit_sha) DO UPDATE SET pull_request_id = COALESCE(c.pull_request_id, excluded.pull_request_id)`;

// Each commit's earliest successful production deployment (ties to the lower id), as refreshCommits.
const FIRST_DEPLOYMENTS = `
UPDATE delivery_commit c SET first_deployed_at = f.at, first_deployment_id = f.id, service = f.service, team = f.team
  FROM (SELECT k.repo_url, k.commit_sha, x.at, x.id, x.service, x.team
          FROM delivery_commit k
          LEFT JOIN (SELECT DISTINCT ON (dc.repo_url, dc.commit_sha) dc.repo_url, dc.commit_sha,
                            d.finished_at AS at, d.id, d.service, d.team
                       FROM delivery_deployment_commit dc JOIN delivery_deployment d ON d.id = dc.deployment_id
                      WHERE ${SHIPPED}
                      ORDER BY dc.repo_url, dc.commit_sha, d.finished_at, d.id) x
            ON x.repo_url = k.repo_url AND x.commit_sha = k.commit_sha) f
 WHERE c.repo_url = f.repo_url AND c.commit_sha = f.commit_sha
   AND (c.first_deployed_at IS DISTINCT FROM f.at OR c.first_deployment_id IS DISTINCT FROM f.id
        OR c.service IS DISTINCT FROM f.service OR c.team IS DISTINCT FROM f.team)`;

// Each pull request's first deployment: its commits' earliest, as refreshPullRequests.
const PULL_REQUESTS = `
UPDATE delivery_pull_request p SET first_deployed_at = x.at, deploy_service = x.service, deploy_team = x.team
  FROM delivery_pull_request p2
  LEFT JOIN LATERAL (
    SELECT c.first_deployed_at AS at, c.service, c.team FROM delivery_commit c
     WHERE c.repo_url = p2.repo_url AND c.commit_sha = ANY (p2.commit_shas || p2.merge_commit_sha)
       AND c.first_deployed_at IS NOT NULL
     ORDER BY c.first_deployed_at, c.first_deployment_id LIMIT 1) x ON true
 WHERE p.id = p2.id
   AND (p.first_deployed_at IS DISTINCT FROM x.at OR p.deploy_service IS DISTINCT FROM x.service
        OR p.deploy_team IS DISTINCT FROM x.team)`;

// The moments each successful production deployment went live: each distinct commit finish, or its own.
const WANTED_LIVE_ROWS = `
WITH want AS (
  SELECT DISTINCT d.id AS deployment_id, d.service, COALESCE(dc.finished_at, d.finished_at) AS finished_at,
         d.source || ':' || d.external_id AS deployment_key
    FROM delivery_deployment d LEFT JOIN delivery_deployment_commit dc ON dc.deployment_id = d.id
   WHERE ${SHIPPED})`;

const DELETE_LIVE_ROWS = `${WANTED_LIVE_ROWS}
DELETE FROM delivery_live_row r
 WHERE NOT EXISTS (SELECT 1 FROM want w WHERE w.deployment_id = r.deployment_id AND w.finished_at = r.finished_at
                      AND w.service = r.service AND w.deployment_key = r.deployment_key)`;

const INSERT_LIVE_ROWS = `${WANTED_LIVE_ROWS}
INSERT INTO delivery_live_row (deployment_id, service, finished_at, deployment_key)
SELECT deployment_id, service, finished_at, deployment_key FROM want ON CONFLICT DO NOTHING`;

// Writers wait while the rebuild runs (readers do not): SHARE ROW EXCLUSIVE conflicts with the row
// locks every INSERT/UPDATE/DELETE takes. The verbs take these tables in different orders, so the
// rebuild gives up a lock wait before the deadlock detector (1 s) could pick a webhook as its victim.
const LOCK = `LOCK TABLE delivery_deployment, delivery_deployment_commit, delivery_live_row, delivery_commit,
  delivery_pull_request IN SHARE ROW EXCLUSIVE MODE`;
const LOCK_ATTEMPTS = 50;

async function lockTables(client: pg.PoolClient): Promise<void> {
  await client.query("SET LOCAL lock_timeout = '200ms'");
  await client.query("SAVEPOINT lock_attempt");
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(LOCK);
      break;
    } catch (err) {
      // 55P03: lock_not_available (the timeout); anything else is a real failure.
      if ((err as { code?: string }).code !== "55P03" || attempt >= LOCK_ATTEMPTS) throw err;
      await client.query("ROLLBACK TO SAVEPOINT lock_attempt");
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
    }
  }
  await client.query("SET LOCAL lock_timeout = 0");
}

export async function rebuildDeliveryDerived(ctx: Ctx): Promise<RebuildCounts> {
  authorize(ctx, "ingest:delivery");
  return sqlTransaction(async (client) => {
    await lockTables(client);
    const run = async (sql: string) => (await client.query(sql)).rowCount ?? 0;
    const commitsRegistered = (await run(REGISTER_DEPLOYED)) + (await run(REGISTER_CARRIED));
    const commitsChanged = await run(FIRST_DEPLOYMENTS);
    const pullRequestsChanged = await run(PULL_REQUESTS);
    const liveRowsDeleted = await run(DELETE_LIVE_ROWS);
    const liveRowsInserted = await run(INSERT_LIVE_ROWS);
    return { commitsRegistered, commitsChanged, pullRequestsChanged, liveRowsDeleted, liveRowsInserted };
  });
}
