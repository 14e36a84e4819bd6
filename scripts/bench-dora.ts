import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { getDora } from "@/lib/delivery/get-dora";
import { serviceName, teamName } from "./bench-dora-data";
import { ingestEvents, verbSender } from "./bench-dora-ingest";
import { loadYear } from "./bench-dora-load";
import { routeSender, storeQueued } from "./bench-dora-routes";
import { runWithThrowawayDatabase } from "./throwaway-database";
import { timedP95 } from "./bench-timing";

// `npm run bench:dora`: a year of deliveries for 200 services in 25 teams (100,000 deployments,
// ~1,000,000 deployment commits, 10,000 incidents, pull requests) COPYed into the base tables, the
// derived tables built by rebuildDeliveryDerived, then getDora's p95 over the year's last 90 days
// (platform, a team, a service) and ingest throughput at a concurrency of 8: the verbs, the webhook
// routes answering once stored, and (the summary's figure) answering once durably queued, followed
// by the worker storing the queue.

const DAY = 86_400_000;
const RUNS = 20;
const ctx = systemCtx("bench");

const timed = (label: string, work: () => Promise<unknown>) => timedP95(label, work, RUNS, 30);

runWithThrowawayDatabase("bench-dora", async () => {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const yearStart = today - 365 * DAY;
  await loadYear(ctx, yearStart);
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
  const day = today;
  await ingestEvents(verbSender(ctx), day, "ingest, the verbs recordDeployment/recordIncident");
  await ingestEvents(await routeSender(), day, "ingest, POST /api/v1/delivery/{deployments,incidents}", 1);
  const ingest = await ingestEvents(
    await routeSender(true),
    day,
    "ingest, the same with Prefer: respond-async (202 once queued)",
    3,
  );
  await storeQueued(ctx);
  // What the WAL flush per event costs: the same load without waiting for it (not what Vigil does).
  await pool().query("ALTER ROLE CURRENT_USER SET synchronous_commit = off");
  await closeDb(); // new connections take the setting
  await ingestEvents(verbSender(ctx), day, "for comparison, the verbs with synchronous_commit off", 2);
  console.log(
    `dora: platform ${platform.toFixed(0)} ms, team ${team.toFixed(0)} ms, service ${service.toFixed(0)} ms, ingest ${ingest.toFixed(0)} events/s`,
  );
});
