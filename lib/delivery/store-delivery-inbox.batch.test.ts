import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DELIVERY_INBOX_LOCK } from "@/lib/advisory-locks";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { listRejectedEvents } from "@/lib/delivery/rejected-events";
import type { Deployment, Incident } from "@/lib/delivery/schemas";
import { storeDeliveryInbox } from "@/lib/delivery/store-delivery-inbox";
import { readDatabaseUrl } from "@/lib/env";
import { roleCtx, uniqueName } from "@/test/factories";

// The worker's set-based path (store-queued-events.ts) against PostgreSQL: many events to a
// statement, and still one bad record rejected alone, re-storing changing nothing, a key's events
// in arrival order, and the same rows as the synchronous verbs store. Other files may queue at the
// same time: every check names its own keys.

const ctx = systemCtx("test");
const DEPLOYMENTS = "POST /api/v1/delivery/deployments";
const INCIDENTS = "POST /api/v1/delivery/incidents";
const T = (iso: string) => new Date(`2026-11-02T${iso}Z`);

type Event = { kind: "deployment"; record: Deployment } | { kind: "incident"; record: Incident };

function deployment(service: string, n: number, commits: Deployment["commits"], over: Partial<Deployment> = {}) {
  const record: Deployment = {
    externalId: uniqueName(`batch-${n}`),
    source: "devlake",
    service,
    team: n % 3 ? "payments" : null,
    environment: n % 5 === 4 ? "STAGING" : "PRODUCTION",
    result: n % 7 === 6 ? "FAILURE" : "SUCCESS",
    startedAt: new Date(T("08:00:00").getTime() + n * 600_000),
    finishedAt: new Date(T("08:05:00.125").getTime() + n * 600_000),
    version: `v${n}`,
    author: `dev-${n % 4}`,
    hotfix: n % 9 === 8,
    commits,
    ...over,
  };
  return { kind: "deployment" as const, record };
}

function incident(service: string, n: number, over: Partial<Incident> = {}) {
  const record: Incident = {
    externalKey: uniqueName(`INC-${n}`),
    source: "devlake",
    service,
    title: `Checkout errors ${n}`,
    status: "TODO",
    severity: "P2",
    url: null,
    createdAt: new Date(T("08:07:00").getTime() + n * 900_000),
    resolvedAt: null,
    ...over,
  };
  return { kind: "incident" as const, record };
}

const commit = (repo: string, sha: string, authored: string | null, finished?: string) => ({
  repoUrl: repo,
  commitSha: sha,
  commitMsg: `change ${sha}`,
  authoredAt: authored ? T(authored) : null,
  ...(finished ? { finishedAt: T(finished) } : {}),
});

async function queue(events: Event[], ids?: string[]): Promise<void> {
  await pool().query(
    `INSERT INTO delivery_inbox (id, kind, route, sender, record)
     SELECT COALESCE(id, nextval(pg_get_serial_sequence('delivery_inbox', 'id'))), kind, route, 'key-batch', record
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS a(id, kind, route, record, n) ORDER BY n`,
    [
      events.map((_, k) => ids?.[k] ?? null),
      events.map((e) => e.kind),
      events.map((e) => (e.kind === "deployment" ? DEPLOYMENTS : INCIDENTS)),
      events.map((e) => JSON.stringify(e.record)),
    ],
  );
}

async function storeAll(): Promise<void> {
  for (let run = 0; run < 50; run++) {
    const { stored, rejected, failed } = await storeDeliveryInbox(ctx);
    if (stored + rejected + failed === 0) return;
  }
}

/** Everything stored for the services, with ids and keys replaced by the events' positions. */
async function snapshot(services: string[], order: Map<string, number>) {
  const q = async (sql: string) => (await pool().query(sql, [services])).rows;
  const at = (key: unknown) => order.get(String(key)) ?? `unknown ${String(key)}`;
  const deployments = await q(`SELECT id::text, external_id, service, team, environment, result, started_at,
      finished_at, version, author, hotfix, commit_count FROM delivery_deployment WHERE service = ANY ($1)`);
  const byId = new Map(deployments.map((d) => [d.id, at(d.external_id)]));
  const dep = (id: unknown) => (id === null ? null : (byId.get(String(id)) ?? `other ${String(id)}`));
  const sort = <R>(rows: R[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    deployments: sort(deployments.map(({ id, external_id, ...d }) => ({ ...d, at: dep(id), key: at(external_id) }))),
    commits: sort(
      (
        await q(`SELECT c.deployment_id, c.repo_url, c.commit_sha, c.commit_msg, c.authored_at, c.finished_at
          FROM delivery_deployment_commit c JOIN delivery_deployment d ON d.id = c.deployment_id WHERE d.service = ANY ($1)`)
      ).map((c) => ({ ...c, deployment_id: dep(c.deployment_id) })),
    ),
    live: sort(
      (
        await q(
          `SELECT deployment_id, service, finished_at, deployment_key FROM delivery_live_row WHERE service = ANY ($1)`,
        )
      ).map((r) => ({
        ...r,
        deployment_id: dep(r.deployment_id),
        deployment_key: at(r.deployment_key.slice("devlake:".length)),
      })),
    ),
    firstDeployments: sort(
      (
        await q(`SELECT repo_url, commit_sha, authored_at, first_deployed_at, first_deployment_id, service, team
          FROM delivery_commit WHERE repo_url IN (SELECT repo_url FROM delivery_deployment_commit c
            JOIN delivery_deployment d ON d.id = c.deployment_id WHERE d.service = ANY ($1))`)
      ).map((c) => ({ ...c, first_deployment_id: dep(c.first_deployment_id) })),
    ),
    incidents: sort(
      (
        await q(`SELECT external_key, service, team, title, status, severity, url, created_at, resolved_at
          FROM delivery_incident WHERE service = ANY ($1)`)
      ).map(({ external_key, ...i }) => ({ ...i, key: at(external_key) })),
    ),
  };
}

/** The same events for a service of its own, repo and keys renamed: one copy per path. */
function scenario(tag: string) {
  const service = uniqueName(`svc-${tag}`);
  const repo = `https://git.example/${uniqueName(tag)}`;
  const shared = [commit(repo, "a1", "07:00:00"), commit(repo, "a2", null)];
  // Incidents after the deployments: an incident's team may come from its service's latest
  // deployment, and the worker stores a batch's deployments before its incidents.
  const events: Event[] = [
    deployment(service, 0, [...shared, commit(repo, "b1", "07:10:00", "08:06:00")]),
    deployment(service, 1, shared), // the same commits shipped again, later
    deployment(service, 2, [commit(repo, "a2", "06:00:00"), commit(repo, "c1", "07:30:00")]),
    deployment(service, 3, []),
    deployment(service, 4, [commit(repo, "d1", "07:40:00")]), // staging
    deployment(service, 6, [commit(repo, "e1", "07:50:00")]), // a failure
    incident(service, 1),
    incident(service, 2, { severity: null, url: "https://tracker.example/2" }),
  ];
  // Later events of earlier keys: a changed deployment, a re-send, an incident resolved.
  const changed = events[1].record as Deployment;
  events.push({ kind: "deployment", record: { ...changed, result: "FAILURE", version: "v1-rolled-back" } });
  events.push(events[2]);
  const open = events[6].record as Incident;
  events.push({ kind: "incident", record: { ...open, status: "DONE", resolvedAt: T("12:00:00") } });
  const order = new Map<string, number>();
  events.forEach((e, k) => {
    const key = e.kind === "deployment" ? e.record.externalId : e.record.externalKey;
    if (!order.has(key)) order.set(key, k);
  });
  return { service, events, order };
}

describe("storeDeliveryInbox, many events to a statement (PostgreSQL)", () => {
  afterAll(closeDb);

  it("stores the same rows as the synchronous verbs, for the same events", async () => {
    const direct = scenario("sync");
    for (const e of direct.events)
      await (e.kind === "deployment" ? recordDeployment(ctx, e.record) : recordIncident(ctx, e.record));
    const queued = scenario("async");
    await queue(queued.events);
    await storeAll();
    const a = await snapshot([direct.service], direct.order);
    const b = await snapshot([queued.service], queued.order);
    const renamed = JSON.parse(JSON.stringify(b).replaceAll(queued.service, direct.service)) as typeof b;
    const repoA = /https:\/\/git\.example\/[^"\\]+/.exec(JSON.stringify(a.commits))?.[0] as string;
    const repoB = /https:\/\/git\.example\/[^"\\]+/.exec(JSON.stringify(b.commits))?.[0] as string;
    expect(JSON.parse(JSON.stringify(renamed).replaceAll(repoB, repoA))).toEqual(a);
    expect(a.deployments).toHaveLength(6);
    expect(a.incidents).toHaveLength(2);
    expect(a.firstDeployments.length).toBeGreaterThan(4);
    expect(a.incidents.some((i) => i.includes('"status":"DONE"'))).toBe(true);
  });

  it("re-storing the same events (a crash after storing, before the queue was cleared) changes nothing", async () => {
    const { service, events, order } = scenario("again");
    await queue(events);
    await storeAll();
    const first = await snapshot([service], order);
    // A key sent once is not written again; the one changed by a later event passes through its
    // first content again on the way (as storing them one by one would), and ends as it was.
    const changed = [(events[1].record as Deployment).externalId, (events[6].record as Incident).externalKey];
    const updated = async () =>
      (
        await pool().query(
          `SELECT external_id AS key, updated_at FROM delivery_deployment WHERE service = $1 AND external_id <> ALL ($2)
           UNION ALL SELECT external_key, updated_at FROM delivery_incident WHERE service = $1 AND external_key <> ALL ($2)
           ORDER BY 1`,
          [service, changed],
        )
      ).rows;
    const before = await updated();
    expect(before).toHaveLength(6);
    await queue(events);
    await storeAll();
    expect(await snapshot([service], order)).toEqual(first);
    expect(await updated()).toEqual(before);
  });

  it("stores a key's events in arrival order across runs and within one, even where the ids' text sorts the other way", async () => {
    const service = uniqueName("svc-order");
    const open = incident(service, 1);
    const resolved = {
      kind: "incident" as const,
      record: { ...open.record, status: "DONE" as const, resolvedAt: T("13:00:00") },
    };
    // As text "100000000000" sorts before "99999999990": the numeric order must win.
    await queue([open, resolved], ["99999999990", "100000000000"]);
    const d = deployment(service, 0, []);
    const versions = Array.from({ length: 6 }, (_, k) => ({
      kind: "deployment" as const,
      record: { ...d.record, version: `v${k}` },
    }));
    await queue(versions);
    await storeAll();
    const stored = await pool().query("SELECT status FROM delivery_incident WHERE external_key = $1", [
      open.record.externalKey,
    ]);
    expect(stored.rows).toEqual([{ status: "DONE" }]);
    const deployed = await pool().query("SELECT version FROM delivery_deployment WHERE external_id = $1", [
      d.record.externalId,
    ]);
    expect(deployed.rows).toEqual([{ version: "v5" }]);
  });

  it("rejects the one record PostgreSQL refuses in a batch of many, and stores every other", async () => {
    const service = uniqueName("svc-bad");
    const repo = `https://git.example/${uniqueName("bad")}`;
    const events: Event[] = [];
    for (let n = 0; n < 60; n++) {
      events.push(n % 4 === 3 ? incident(service, n) : deployment(service, n, [commit(repo, `s${n}`, "07:00:00")]));
    }
    const badDeployment = deployment(`${service}\u0000nul`, 99, [commit(repo, "bad", null)]);
    const badIncident = incident(service, 98, { title: "nul \u0000 in the title" });
    events.splice(17, 0, badDeployment);
    events.splice(41, 0, badIncident);
    await queue(events);
    await storeAll();
    const counts = await pool().query<{ deployments: number; incidents: number; queued: number }>(
      `SELECT (SELECT count(*)::int FROM delivery_deployment WHERE service = $1) AS deployments,
              (SELECT count(*)::int FROM delivery_incident WHERE service = $1) AS incidents,
              (SELECT count(*)::int FROM delivery_inbox WHERE record LIKE '%' || $1 || '%') AS queued`,
      [service],
    );
    expect(counts.rows[0]).toEqual({ deployments: 45, incidents: 15, queued: 0 });
    const { items } = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
    for (const bad of [badDeployment.record.externalId, badIncident.record.externalKey]) {
      const kept = items.filter((item) => item.bodyExcerpt.includes(bad));
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ source: "devlake", sender: "key-batch" });
      expect(kept[0].errors[0]).toMatchObject({
        field: "(record)",
        reason: expect.stringMatching(/could not be stored/),
      });
    }
  });

  it("takes the queue one run at a time: a second run waits, so it never takes a key's later events first", async () => {
    const holder = new pg.Client({ connectionString: readDatabaseUrl() });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1)", [DELIVERY_INBOX_LOCK]); // a run in progress
      const d = deployment(uniqueName("svc-turns"), 0, []);
      await queue([d]);
      const waiting = storeAll();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stored = () =>
        pool().query("SELECT 1 FROM delivery_deployment WHERE external_id = $1", [d.record.externalId]);
      expect((await stored()).rowCount).toBe(0);
      await holder.query("COMMIT");
      await waiting;
      expect((await stored()).rowCount).toBe(1);
    } finally {
      await holder.end();
    }
  });
});
