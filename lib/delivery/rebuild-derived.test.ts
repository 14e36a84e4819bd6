import { beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { rebuildDeliveryDerived } from "@/lib/delivery/rebuild-derived";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { recordPullRequest } from "@/lib/delivery/record-pull-request";
import { randomDeliveries, type RandomDeliveries } from "@/test/random-deliveries";

// The bulk rebuild gives exactly the derived rows the write verbs keep current. The database is
// shared with test files running beside this one: only this file's services' rows are compared.

const ctx = systemCtx("test");

async function store(data: RandomDeliveries) {
  const half = Math.floor(data.pullRequests.length / 2);
  for (const pr of data.pullRequests.slice(0, half)) await recordPullRequest(ctx, pr);
  for (const d of data.deployments) await recordDeployment(ctx, d);
  for (const pr of data.pullRequests.slice(half)) await recordPullRequest(ctx, pr);
  for (const i of data.incidents) await recordIncident(ctx, i);
}

const repos = (data: RandomDeliveries) => data.services.map((s) => `https://git.example/${s}`);

/** The derived rows of the data's services, in a stable order. */
async function derived(data: RandomDeliveries) {
  const q = (sql: string, values: unknown[]) =>
    pool()
      .query(sql, values)
      .then((r) => r.rows);
  return {
    liveRows: await q(
      `SELECT deployment_id::text, service, finished_at, deployment_key FROM delivery_live_row
        WHERE service = ANY ($1) ORDER BY deployment_id, finished_at`,
      [data.services],
    ),
    commits: await q(
      `SELECT repo_url, commit_sha, authored_at, first_deployed_at, first_deployment_id::text, service, team,
              pull_request_id::text
         FROM delivery_commit WHERE repo_url = ANY ($1) ORDER BY repo_url, commit_sha`,
      [repos(data)],
    ),
    pullRequests: await q(
      `SELECT id::text, first_deployed_at, deploy_service, deploy_team FROM delivery_pull_request
        WHERE repo_url = ANY ($1) ORDER BY id`,
      [repos(data)],
    ),
  };
}

/** Damages the data's derived rows the way a bug or a hand edit could. */
async function damage(data: RandomDeliveries) {
  const q = (sql: string, values: unknown[]) => pool().query(sql, values);
  await q(
    `DELETE FROM delivery_live_row WHERE ctid IN
       (SELECT ctid FROM delivery_live_row WHERE service = ANY ($1) ORDER BY deployment_id LIMIT 10)`,
    [data.services],
  );
  await q(
    `INSERT INTO delivery_live_row (deployment_id, service, finished_at, deployment_key)
     SELECT id, service, finished_at - interval '1 hour', 'bogus' FROM delivery_deployment
      WHERE service = ANY ($1) AND result = 'FAILURE'`,
    [data.services],
  );
  await q(
    `UPDATE delivery_commit SET first_deployed_at = NULL, first_deployment_id = NULL, service = 'elsewhere'
      WHERE repo_url = ANY ($1) AND right(commit_sha, 1) IN ('0', '1', '2', '3', '4')`,
    [repos(data)],
  );
  await q(`DELETE FROM delivery_commit WHERE repo_url = ANY ($1) AND right(commit_sha, 1) IN ('a', 'b')`, [
    repos(data),
  ]);
  await q(`UPDATE delivery_pull_request SET first_deployed_at = now(), deploy_team = NULL WHERE repo_url = ANY ($1)`, [
    repos(data),
  ]);
}

describe("rebuildDeliveryDerived", () => {
  const data = randomDeliveries(7);
  beforeAll(() => store(data), 60_000);

  it("finds the derived rows the verbs wrote and changes none of them", async () => {
    const before = await derived(data);
    expect(before.liveRows.length).toBeGreaterThan(0);
    expect(before.commits.filter((c) => c.first_deployed_at).length).toBeGreaterThan(0);
    expect(before.pullRequests.filter((p) => p.first_deployed_at).length).toBeGreaterThan(0);
    await rebuildDeliveryDerived(ctx);
    expect(await derived(data)).toEqual(before);
  });

  it("repairs damaged derived rows back to what the verbs wrote", async () => {
    const before = await derived(data);
    await damage(data);
    expect(await derived(data)).not.toEqual(before);
    const counts = await rebuildDeliveryDerived(ctx);
    expect(counts.commitsRegistered).toBeGreaterThan(0);
    expect(counts.commitsChanged).toBeGreaterThan(0);
    expect(counts.pullRequestsChanged).toBeGreaterThan(0);
    expect(counts.liveRowsDeleted).toBeGreaterThan(0);
    expect(counts.liveRowsInserted).toBeGreaterThan(0);
    expect(await derived(data)).toEqual(before);
  });

  it("loses no write made while it runs", async () => {
    const other = randomDeliveries(8);
    await Promise.all([store(other), rebuildDeliveryDerived(ctx), rebuildDeliveryDerived(ctx)]);
    const written = await derived(other);
    expect(written.liveRows.length).toBeGreaterThan(0);
    await rebuildDeliveryDerived(ctx);
    expect(await derived(other)).toEqual(written);
  }, 60_000);

  it("ends as it would have when senders sharing commits write at once", async () => {
    const other = randomDeliveries(9);
    for (const pr of other.pullRequests) await recordPullRequest(ctx, pr);
    // Newest first, 8 at a time: later deployments of shared commits land before earlier ones.
    const queue = [...other.deployments].reverse();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let d = queue.shift(); d; d = queue.shift()) await recordDeployment(ctx, d);
      }),
    );
    const written = await derived(other);
    expect(written.commits.filter((c) => c.first_deployed_at).length).toBeGreaterThan(0);
    await rebuildDeliveryDerived(ctx);
    expect(await derived(other)).toEqual(written);
  }, 60_000);
});
