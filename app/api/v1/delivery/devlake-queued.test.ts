import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deployments from "@/app/api/v1/delivery/deployments/route";
import * as incidents from "@/app/api/v1/delivery/incidents/route";
import { withField } from "@/collectors/delivery/adversarial-cases";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { storeDeliveryInbox } from "@/lib/delivery/store-delivery-inbox";
import { uniqueName } from "@/test/factories";
import { deliveryFixture, expectRejected, postTo } from "@/test/delivery-webhooks";
import { bearerKey } from "@/test/http-callers";

// The DevLake routes with `Prefer: respond-async`: still a 401 or 400 at once, a 202 only once the
// event is committed to the queue, and what the worker then stores is what the synchronous path
// stores; re-sends, however many and however close together, leave one record.

const DEPLOYMENTS = "/api/v1/delivery/deployments";
const INCIDENTS = "/api/v1/delivery/incidents";
const ASYNC = { prefer: "respond-async" };
const deployment = () => ({ ...deliveryFixture("devlake-deployment.json"), id: uniqueName("deploy") });
const incident = () => ({ ...deliveryFixture("devlake-incident.json"), issueKey: uniqueName("INC") });

async function storeAll(): Promise<void> {
  for (let run = 0; run < 20; run++) {
    const { stored, rejected, failed } = await storeDeliveryInbox(systemCtx("test"));
    if (stored + rejected + failed === 0) return;
  }
}

const storedDeployments = async (id: string) =>
  (
    await pool().query<{ id: string; result: string; updated_at: Date }>(
      "SELECT id::text, result, updated_at FROM delivery_deployment WHERE source = 'devlake' AND external_id = $1",
      [id],
    )
  ).rows;

describe("POST /api/v1/delivery/deployments and /incidents with Prefer: respond-async (PostgreSQL)", () => {
  let key: string;
  beforeAll(async () => {
    key = await bearerKey(["ingest:delivery"]);
  });
  afterAll(closeDb);

  const send = (path: string, body: unknown, headers: Record<string, string> = ASYNC) =>
    postTo(path === DEPLOYMENTS ? deployments.POST : incidents.POST, path, body, {
      authorization: key,
      ...headers,
    });

  it("answers 202 once the deployment is queued (committed), and the worker stores it as the synchronous path would", async () => {
    const body = deployment();
    const response = await send(DEPLOYMENTS, body);
    expect(response.status).toBe(202);
    expect(response.headers.get("preference-applied")).toBe("respond-async");
    const { queued, budgetExhausted } = (await response.json()) as { queued: string; budgetExhausted: boolean };
    expect(budgetExhausted).toBe(false);
    const row = await pool().query("SELECT kind, route, sender FROM delivery_inbox WHERE id = $1", [queued]);
    expect(row.rows).toEqual([
      { kind: "deployment", route: "POST /api/v1/delivery/deployments", sender: expect.stringMatching(/^key-/) },
    ]);
    await storeAll();
    const synchronous = { ...body, id: uniqueName("deploy") };
    expect((await send(DEPLOYMENTS, synchronous, {})).status).toBe(201);
    const [queuedOne] = await storedDeployments(body.id as string);
    const [directOne] = await storedDeployments(synchronous.id);
    expect(queuedOne.result).toBe(directOne.result);
    const commits = await pool().query<{ id: string; n: number }>(
      "SELECT deployment_id::text AS id, count(*)::int AS n FROM delivery_deployment_commit WHERE deployment_id = ANY ($1::bigint[]) GROUP BY 1 ORDER BY 1",
      [[queuedOne.id, directOne.id]],
    );
    expect(commits.rows.map((r) => r.n)).toEqual([2, 2]);
  });

  it("queues an incident the same way", async () => {
    const body = incident();
    const response = await send(INCIDENTS, body);
    expect(response.status).toBe(202);
    expect(Object.keys(await response.json())).toEqual(["queued"]);
    await storeAll();
    const { rows } = await pool().query("SELECT status FROM delivery_incident WHERE external_key = $1", [
      body.issueKey,
    ]);
    expect(rows).toEqual([{ status: "DONE" }]);
  });

  it("leaves one unchanged record for re-sends, concurrent ones and ones after it was stored", async () => {
    const body = deployment();
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(DEPLOYMENTS, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    await storeAll();
    const [first] = await storedDeployments(body.id as string);
    const again = await Promise.all([
      ...Array.from({ length: 4 }, () => send(DEPLOYMENTS, body)),
      send(DEPLOYMENTS, body, {}),
    ]);
    expect(again.map((a) => a.status)).toEqual([202, 202, 202, 202, 200]);
    await storeAll();
    expect(await storedDeployments(body.id as string)).toEqual([first]);
  });

  it("still answers a missing or unknown key 401 and a bad body 400 at once, queueing nothing", async () => {
    const body = deployment();
    const none = await postTo(deployments.POST, DEPLOYMENTS, body, ASYNC);
    expect(none.status).toBe(401);
    expect((await send(DEPLOYMENTS, body, { ...ASYNC, authorization: "Bearer vigil_not_a_key" })).status).toBe(401);
    await expectRejected(await send(DEPLOYMENTS, withField(body, ["startedDate"], "soon")), "startedDate");
    await expectRejected(await send(INCIDENTS, withField(incident(), ["title"], "\uDC00")), "title");
    await expectRejected(await send(INCIDENTS, "{"), "(body)");
    const { rows } = await pool().query("SELECT id FROM delivery_inbox WHERE record LIKE $1", [`%${body.id}%`]);
    expect(rows).toEqual([]);
  });

  it("takes respond-async among other preferences, any case; another preference alone stays synchronous", async () => {
    expect((await send(DEPLOYMENTS, deployment(), { prefer: "return=minimal, Respond-Async; wait=5" })).status).toBe(
      202,
    );
    expect((await send(DEPLOYMENTS, deployment(), { prefer: "return=minimal" })).status).toBe(201);
    expect((await send(DEPLOYMENTS, deployment(), { prefer: "respond-asynchronously" })).status).toBe(201);
  });
});
