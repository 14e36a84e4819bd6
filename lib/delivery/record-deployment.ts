// Stores one deployment as its sender described it, idempotent on (source, externalId): a re-send
// with the same content changes nothing, a changed one replaces the record and its commits, and the
// commits' first production deployments (lead time) are brought up to date in the same transaction.
// Deployments never seen before (most webhook calls) are stored together with those other senders
// hand in at the same moment, in one statement (insert-new-deployments.ts, lib/coalesce.ts).
import type pg from "pg";
import { authorize, type Ctx } from "@/lib/context";
import { contentHash, type RecordOutcome } from "@/lib/delivery/content-hash";
import { deploymentKey, isShipped } from "@/lib/delivery/delivery-window";
import { coalesce } from "@/lib/coalesce";
import { deploymentValues, insertNewDeployments } from "@/lib/delivery/insert-new-deployments";
import { refreshCommits } from "@/lib/delivery/refresh-commits";
import type { Deployment } from "@/lib/delivery/schemas";
import { deliveryTransaction } from "@/lib/delivery/delivery-transaction";
import { sameDeploySql } from "@/lib/delivery/same-deploy";

export type { RecordOutcome } from "@/lib/delivery/content-hash";

/** The deployment's commits, one per (repo, sha), sorted so concurrent writers lock in one order. */
export function commitRows(d: Deployment) {
  const byKey = new Map<string, Deployment["commits"][number]>();
  for (const c of d.commits) byKey.set(`${c.repoUrl}\u0000${c.commitSha}`, c);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

async function upsertDeployment(client: pg.PoolClient, d: Deployment, hash: string, commitCount: number) {
  const { rows } = await client.query<{ id: string; previous_hash: string | null }>(
    `WITH previous AS (SELECT id, content_hash FROM delivery_deployment WHERE source = $1 AND external_id = $2)
     INSERT INTO delivery_deployment AS d (source, external_id, service, team, environment, result, started_at,
       finished_at, version, author, hotfix, commit_count, content_hash)
     VALUES ($1, $2, $3, COALESCE($4, (SELECT team FROM service WHERE name = $3)), $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (source, external_id) DO UPDATE SET service = excluded.service, team = excluded.team,
       environment = excluded.environment, result = excluded.result, started_at = excluded.started_at,
       finished_at = excluded.finished_at, version = excluded.version, author = excluded.author,
       hotfix = excluded.hotfix, commit_count = excluded.commit_count, content_hash = excluded.content_hash,
       updated_at = now()
     WHERE d.content_hash <> excluded.content_hash
     RETURNING d.id::text, (SELECT content_hash FROM previous) AS previous_hash`,
    deploymentValues(d, commitCount, hash),
  );
  if (rows[0]) return rows[0];
  // Same content: nothing was written (the row is only locked against a concurrent change).
  const same = await client.query<{ id: string }>(
    "SELECT id::text FROM delivery_deployment WHERE source = $1 AND external_id = $2",
    [d.source, d.externalId],
  );
  return { id: same.rows[0].id, previous_hash: hash };
}

/** Replaces the deployment's commits and live rows; returns the commits it named before. */
async function replaceCommits(client: pg.PoolClient, id: string, d: Deployment, commits: Deployment["commits"]) {
  const { rows: before } = await client.query<{ repo_url: string; commit_sha: string }>(
    "DELETE FROM delivery_deployment_commit WHERE deployment_id = $1 RETURNING repo_url, commit_sha",
    [id],
  );
  await client.query(
    `INSERT INTO delivery_deployment_commit (deployment_id, repo_url, commit_sha, commit_msg, authored_at, finished_at)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])`,
    [
      id,
      commits.map((c) => c.repoUrl),
      commits.map((c) => c.commitSha),
      commits.map((c) => c.commitMsg),
      commits.map((c) => c.authoredAt),
      commits.map((c) => c.finishedAt ?? d.finishedAt),
    ],
  );
  await client.query("DELETE FROM delivery_live_row WHERE deployment_id = $1", [id]);
  if (isShipped(d)) {
    const finishes = commits.length
      ? commits.map((c) => (c.finishedAt ?? d.finishedAt).getTime())
      : [d.finishedAt.getTime()];
    await client.query(
      `INSERT INTO delivery_live_row (deployment_id, service, finished_at, deployment_key)
       SELECT $1, $2, f, $3 FROM unnest($4::timestamptz[]) AS f ON CONFLICT DO NOTHING`,
      [id, d.service, deploymentKey(d), [...new Set(finishes)].map((ms) => new Date(ms))],
    );
  }
  return before;
}

const REPLACES_DETECTED = sameDeploySql({
  detected: { service: "t.service", environment: "t.environment", version: "t.version", at: "t.finished_at" },
  reported: {
    service: "$1",
    environment: "$2",
    version: "$3",
    startedAt: "$4::timestamptz",
    finishedAt: "$5::timestamptz",
  },
});

/** A sender's report of a deploy replaces the one detected from telemetry: same service and environment, same version or time. */
async function replaceDetected(client: pg.PoolClient, d: Deployment) {
  await client.query(`DELETE FROM delivery_deployment t WHERE t.source = 'telemetry' AND ${REPLACES_DETECTED}`, [
    d.service,
    d.environment,
    d.version,
    d.startedAt,
    d.finishedAt,
  ]);
}

interface NewDeployment {
  deployment: Deployment;
  hash: string;
  commits: Deployment["commits"];
}

/**
 * A batch's new deployments in one statement. A key twice in a batch goes the second time as
 * already stored (null), and so does a deployment detected from telemetry: a report in the same
 * statement could not see it to replace it.
 */
async function insertBatch(batch: NewDeployment[]): Promise<(string | null)[]> {
  const seen = new Set<string>();
  const index = batch.map((x) => {
    const key = deploymentKey(x.deployment);
    const takes = x.deployment.source !== "telemetry" && !seen.has(key);
    seen.add(key);
    return takes;
  });
  const ids = await insertNewDeployments(batch.filter((_, k) => index[k]));
  let next = 0;
  return index.map((takes) => (takes ? ids[next++] : null));
}

const insertNew = coalesce(insertBatch, { maxBatch: 64, maxInFlight: 2 });

export async function recordDeployment(ctx: Ctx, deployment: Deployment): Promise<RecordOutcome> {
  authorize(ctx, "ingest:delivery");
  const commits = commitRows(deployment);
  const hash = contentHash({ ...deployment, commits });
  const created = await insertNew({ deployment, hash, commits });
  if (created) return { id: created, outcome: "created" };
  return deliveryTransaction(async (client) => {
    const row = await upsertDeployment(client, deployment, hash, commits.length);
    if (row.previous_hash === hash) return { id: row.id, outcome: "unchanged" };
    if (deployment.source !== "telemetry") await replaceDetected(client, deployment);
    const before = await replaceCommits(client, row.id, deployment, commits);
    const touched = [...before.map((b) => ({ repoUrl: b.repo_url, commitSha: b.commit_sha })), ...commits];
    await refreshCommits(client, touched, commits);
    return { id: row.id, outcome: row.previous_hash === null ? "created" : "updated" };
  });
}
