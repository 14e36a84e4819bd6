import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { getDora } from "@/lib/delivery/get-dora";
import { rebuildDeliveryDerived } from "@/lib/delivery/rebuild-derived";
import { COPY_COLUMNS, type IdCounters, SERVICES, serviceLines, serviceName, teamName } from "./bench-dora-data";
import { ingestEvents } from "./bench-dora-ingest";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:dora`: a year of deliveries for 200 services in 25 teams (100,000 deployments,
// ~1,000,000 deployment commits, 10,000 incidents, pull requests) COPYed into the base tables, the
// derived tables built by rebuildDeliveryDerived, then getDora's p95 over the year's last 90 days
// (platform, a team, a service) and the ingest verbs' throughput at a concurrency of 8.

const DAY = 86_400_000;
const RUNS = 20;
const BATCH_SERVICES = 20;
const ctx = systemCtx("bench");

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

async function timed(label: string, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const median = [...times].sort((a, b) => a - b)[RUNS / 2];
  console.log(`${label.padEnd(30)} p95 ${p95(times).toFixed(1)} ms (median ${median.toFixed(1)} ms)`);
  return p95(times);
}

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

async function load(yearStart: number): Promise<void> {
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

runWithThrowawayDatabase("bench-dora", async () => {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const yearStart = today - 365 * DAY;
  await load(yearStart);
  const window = { from: new Date(today - 90 * DAY).toISOString(), to: new Date(today).toISOString() };
  const platform = await timed("getDora platform, 90 days", () => getDora(ctx, window));
  const team = await timed(`getDora ${teamName(7)}, 90 days`, () => getDora(ctx, { ...window, team: teamName(7) }));
  const service = await timed(`getDora ${serviceName(42)}, 90 days`, () =>
    getDora(ctx, { ...window, service: serviceName(42) }),
  );
  const sample = await getDora(ctx, window);
  console.log(
    `platform figures: ${sample.deploymentFrequency.deployments} deployments, ${sample.leadTimeForChanges.changes} changes, ` +
      `${sample.changeFailureRate.failedDeployments} failed deployments, ${sample.timeToRestore.incidents} incidents`,
  );
  const ingest = await ingestEvents(ctx, today);
  console.log(
    `dora: platform ${platform.toFixed(0)} ms, team ${team.toFixed(0)} ms, service ${service.toFixed(0)} ms, ingest ${ingest.toFixed(0)} events/s`,
  );
});
