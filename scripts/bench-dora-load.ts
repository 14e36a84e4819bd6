import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { rebuildDeliveryDerived } from "@/lib/delivery/rebuild-derived";
import { COPY_COLUMNS, type IdCounters, SERVICES, serviceLines } from "./bench-dora-data";

// The benchmark's load: the base tables COPYed, the derived ones built by the repair verb, then
// vacuumed and analyzed as autovacuum would leave them.

const BATCH_SERVICES = 20;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** The base tables, COPYed in batches of services on one connection. */
async function loadBase(yearStart: number): Promise<void> {
  const started = performance.now();
  const ids: IdCounters = { deployment: 0, pullRequest: 0, incident: 0 };
  const client = await pool().connect();
  try {
    for (let first = 0; first < SERVICES; first += BATCH_SERVICES) {
      const batch = Array.from({ length: BATCH_SERVICES }, (_, k) => serviceLines(first + k, ids, yearStart));
      const tables = [
        ["delivery_deployment", batch.flatMap((b) => b.deployments)],
        ["delivery_deployment_commit", batch.flatMap((b) => b.commits)],
        ["delivery_pull_request", batch.flatMap((b) => b.pullRequests)],
        ["delivery_incident", batch.flatMap((b) => b.incidents)],
      ] as const;
      for (const [table, lines] of tables) {
        const sql = `COPY ${table} (${COPY_COLUMNS[table]}) FROM STDIN`;
        await pipeline(Readable.from([lines.join("")]), client.query(copyFrom(sql)));
      }
    }
  } finally {
    client.release();
  }
  for (const table of ["delivery_deployment", "delivery_pull_request", "delivery_incident"]) {
    await pool().query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
  console.log(`base tables COPYed in ${seconds(started)} s`);
}

async function countRows(): Promise<void> {
  const { rows } = await pool().query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM delivery_deployment)::text AS deployments,
            (SELECT count(*) FROM delivery_deployment_commit)::text AS deployment_commits,
            (SELECT count(*) FROM delivery_commit)::text AS distinct_commits,
            (SELECT count(*) FROM delivery_pull_request)::text AS pull_requests,
            (SELECT count(*) FROM delivery_incident)::text AS incidents,
            (SELECT count(*) FROM delivery_live_row)::text AS live_rows`,
  );
  const n = (k: string) => Number(rows[0][k]).toLocaleString("en-US");
  console.log(
    `loaded: ${n("deployments")} deployments, ${n("deployment_commits")} deployment commits (${n("distinct_commits")} distinct), ` +
      `${n("pull_requests")} pull requests, ${n("incidents")} incidents, ${n("live_rows")} live rows; ${SERVICES} services in 25 teams`,
  );
}

/** A year of deliveries from yearStart, printed as it goes. */
export async function loadYear(ctx: Ctx, yearStart: number): Promise<void> {
  await loadBase(yearStart);
  const started = performance.now();
  const counts = await rebuildDeliveryDerived(ctx);
  console.log(`derived tables rebuilt in ${seconds(started)} s: ${JSON.stringify(counts)}`);
  const vacuumed = performance.now();
  await pool().query(
    `VACUUM (ANALYZE) delivery_deployment, delivery_deployment_commit, delivery_live_row, delivery_commit,
       delivery_pull_request, delivery_incident`,
  );
  console.log(`vacuumed and analyzed in ${seconds(vacuumed)} s`);
  await countRows();
}
