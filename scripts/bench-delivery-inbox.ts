import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { drainDeliveryInbox } from "@/lib/delivery/drain-delivery-inbox";
import { events, type Event } from "./bench-dora-ingest";
import { loadYear } from "./bench-dora-load";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:inbox`: how fast the worker (store-delivery-events) stores what the webhooks queued
// with Prefer: respond-async. On bench:dora's year of deliveries, EVENTS DevLake-style events are
// queued as the routes queue them (~80% new deployments, ~20% incidents, a third of those resolved
// later in the queue, a few deployments sent again unchanged), then the worker's drain is timed
// until the queue is empty, and every event checked stored.

const EVENTS = Number(process.env.BENCH_INBOX_EVENTS ?? 50_000);
const DAY = 86_400_000;
const MIN = 60_000;
const CHUNK = 2_000;
const ctx = systemCtx("bench");

type Queued = { kind: Event["kind"]; route: string; record: object };

const queuedOf = (event: Event): Queued =>
  event.kind === "deployment"
    ? { kind: "deployment", route: "POST /api/v1/delivery/deployments", record: event.deployment }
    : { kind: "incident", route: "POST /api/v1/delivery/incidents", record: event.incident };

/** The events in arrival order: each resolve and re-send a little after the event it follows. */
function arrivals(day: number): { list: Queued[]; resolvedLater: string[] } {
  const list = events(day, EVENTS, 1_000_000).map(queuedOf);
  const later: { at: number; event: Queued }[] = [];
  const resolvedLater: string[] = [];
  list.forEach((q, k) => {
    if (q.kind === "incident" && k % 3 === 0) {
      const open = q.record as Extract<Event, { kind: "incident" }>["incident"];
      const resolvedAt = new Date(open.createdAt.getTime() + 42 * MIN);
      const open2 = { ...open, status: "IN_PROGRESS" as const, resolvedAt: null };
      list[k] = { ...q, record: open2 };
      resolvedLater.push(open.externalKey);
      later.push({ at: k + 500, event: { ...q, record: { ...open, status: "DONE", resolvedAt } } });
    } else if (q.kind === "deployment" && k % 50 === 1) later.push({ at: k + 300, event: q });
  });
  const out: Queued[] = [];
  let next = 0;
  later.sort((a, b) => a.at - b.at);
  list.forEach((q, k) => {
    out.push(q);
    while (next < later.length && later[next].at <= k) out.push(later[next++].event);
  });
  return { list: [...out, ...later.slice(next).map((l) => l.event)], resolvedLater };
}

async function queue(list: Queued[]): Promise<void> {
  for (let at = 0; at < list.length; at += CHUNK) {
    const chunk = list.slice(at, at + CHUNK);
    await pool().query(
      `INSERT INTO delivery_inbox (kind, route, sender, record)
       SELECT kind, route, 'key-bench', record FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS a(kind, route, record, n) ORDER BY n`,
      [chunk.map((q) => q.kind), chunk.map((q) => q.route), chunk.map((q) => JSON.stringify(q.record))],
    );
  }
  await pool().query("VACUUM (ANALYZE) delivery_inbox");
}

/** What the tables hold of the queued events; `resolved`: of the incidents resolved by a later event. */
async function counts(resolvedLater: string[]) {
  const { rows } = await pool().query<{ deployments: number; incidents: number; resolved: number; queued: number }>(
    `SELECT (SELECT count(*)::int FROM delivery_deployment WHERE external_id LIKE 'ingest-%') AS deployments,
            (SELECT count(*)::int FROM delivery_incident WHERE external_key LIKE 'PD-ingest-%') AS incidents,
            (SELECT count(*)::int FROM delivery_incident WHERE external_key = ANY ($1) AND status = 'DONE') AS resolved,
            (SELECT count(*)::int FROM delivery_inbox) AS queued`,
    [resolvedLater],
  );
  return rows[0];
}

const keyOf = (q: Queued) =>
  (q.record as { externalId?: string; externalKey?: string }).externalId ??
  (q.record as { externalKey: string }).externalKey;

runWithThrowawayDatabase("bench-inbox", async () => {
  const today = Math.floor(Date.now() / DAY) * DAY;
  if (process.env.BENCH_INBOX_YEAR !== "0") await loadYear(ctx, today - 365 * DAY);
  const { list, resolvedLater } = arrivals(today);
  await queue(list);
  const deployments = new Set(list.filter((q) => q.kind === "deployment").map(keyOf));
  const incidents = new Set(list.filter((q) => q.kind === "incident").map(keyOf));
  console.log(
    `queued ${list.length} events in delivery_inbox: ${deployments.size} deployments, ${incidents.size} incidents`,
  );
  const started = performance.now();
  const cpu = process.cpuUsage();
  const totals = { stored: 0, rejected: 0, failed: 0 };
  for (;;) {
    const run = await drainDeliveryInbox(ctx, { forMs: 0 });
    totals.stored += run.stored;
    totals.rejected += run.rejected;
    totals.failed += run.failed;
    if (run.stored + run.rejected + run.failed === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `the worker storing ${list.length} queued events: ${seconds.toFixed(2)} s ` +
      `(this process busy ${((used.user + used.system) / 1000 / seconds / 10).toFixed(0)}% of a core, the rest is PostgreSQL's)`,
  );
  console.log(`inbox: stored ${(list.length / seconds).toFixed(0)} events/s`);
  const after = await counts(resolvedLater);
  console.log(`stored: ${JSON.stringify(totals)}; in the tables: ${JSON.stringify(after)}`);
  const wanted = { deployments: deployments.size, incidents: incidents.size, queued: 0 };
  if (totals.stored !== list.length || totals.rejected + totals.failed > 0)
    throw new Error(`queued ${list.length}, stored ${JSON.stringify(totals)}`);
  if (after.deployments !== wanted.deployments || after.incidents !== wanted.incidents || after.queued !== 0)
    throw new Error(`expected ${JSON.stringify(wanted)} in the tables`);
  // Each incident's resolve came after its opening: stored in that order, it is resolved.
  if (after.resolved !== resolvedLater.length) throw new Error(`${resolvedLater.length} resolves queued`);
});
