import { afterAll, afterEach, describe, expect, it } from "vitest";
import { userCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer } from "@/test/notification-hooks";
import { auditOf, closedUrl, insertAnomaly, runbookInput, SECRET, silentServer } from "@/test/runbooks";
import { approveRun } from "./approve-run";
import { autoRunFor } from "./auto-run";
import { createRunbook } from "./create-runbook";
import { deleteRunbook } from "./delete-runbook";
import { dryRun } from "./dry-run";
import { listRuns } from "./list-runs";
import { proposeRun } from "./propose-run";
import { rejectRun } from "./reject-run";
import { updateRunbook } from "./update-runbook";
import { refusal } from "@/test/refusal";

// Runs against a real local server standing in for the team's automation: nothing is sent before
// approval, production needs a second person, the call carries the rendered body and the secret
// header once, and a dead or silent endpoint is a failed run with its reason, never a hang or a 500.

afterAll(closeDb);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const admin = roleCtx("admin");
const ana = userCtx({ id: "user-ana", email: "ana@test.vigil.local", role: "sre" });
const ben = userCtx({ id: "user-ben", email: "ben@test.vigil.local", role: "sre" });

async function server(statuses = [200]) {
  const hook = await hookServer(statuses);
  closers.push(hook.close);
  return hook;
}

async function setup(url: string, environment = "production", overrides = {}) {
  const service = uniqueName("svc");
  const anomaly = await insertAnomaly(service, environment);
  const runbook = await createRunbook(admin, runbookInput(url, { services: [service], ...overrides }));
  return { service, anomaly, runbook };
}

describe("a run in production", () => {
  it("waits for a second person, then calls once with the rendered body and the secret header", async () => {
    const hook = await server();
    const { service, anomaly, runbook } = await setup(hook.url);
    const proposed = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    expect(proposed.state).toBe("awaiting_approval");
    expect(proposed.request.headers).toEqual([
      { name: "X-Team", value: "payments" },
      { name: "Authorization", value: "[secret]" },
    ]);
    expect(JSON.parse(proposed.request.body)).toMatchObject({ service, env: "production", score: 9 });
    expect(hook.received).toHaveLength(0);

    expect(await refusal(approveRun(ana, proposed.id))).toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/second person/),
    });
    expect(await refusal(approveRun(roleCtx("viewer"), proposed.id))).toMatchObject({ code: "forbidden" });
    expect(hook.received).toHaveLength(0);

    const done = await approveRun(ben, proposed.id);
    expect(done).toMatchObject({
      state: "succeeded",
      statusCode: 200,
      response: "ok",
      decidedBy: "ben@test.vigil.local",
    });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0].body).toBe(proposed.request.body);
    expect(hook.received[0].headers).toMatchObject({
      authorization: SECRET,
      "x-team": "payments",
      "content-type": "application/json",
    });
    expect(await refusal(approveRun(admin, proposed.id))).toMatchObject({ code: "conflict" });
    expect(hook.received).toHaveLength(1);

    const audit = await auditOf("runbook_run", proposed.id);
    expect(audit.map((entry) => [entry.action, entry.actor_label])).toEqual([
      ["runbook_run.propose", "ana@test.vigil.local"],
      ["runbook_run.approve", "ben@test.vigil.local"],
      ["runbook_run.finish", "ben@test.vigil.local"],
    ]);
    for (const entry of audit) expect(entry.summary).not.toContain("tok-9f8e7d6c5b4a");
    const listed = await listRuns(roleCtx("viewer"), { anomalyId: anomaly });
    expect(listed.items.map((run) => run.id)).toEqual([proposed.id]);
    expect(JSON.stringify(listed)).not.toContain("tok-9f8e7d6c5b4a");
  });

  it("counts an unknown or empty environment as production", async () => {
    for (const environment of ["", "eu-west-1", "PROD"]) {
      const { anomaly, runbook } = await setup("https://automation.example.com/x", environment);
      const run = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
      expect(await refusal(approveRun(ana, run.id)), environment).toMatchObject({ code: "forbidden" });
    }
  });

  it("is never sent when rejected, when the runbook changed, or when it was deleted", async () => {
    const hook = await server();
    const { anomaly, runbook } = await setup(hook.url);
    const first = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    expect(await refusal(proposeRun(ben, { runbookId: runbook.id, anomalyId: anomaly }))).toMatchObject({
      code: "conflict",
    });
    const rejected = await rejectRun(ben, first.id, { reason: "not this one" });
    expect(rejected).toMatchObject({ state: "rejected", reason: "not this one", decidedBy: "ben@test.vigil.local" });
    expect(await refusal(approveRun(ben, first.id))).toMatchObject({ code: "conflict" });
    const second = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    await updateRunbook(admin, runbook.id, { bodyTemplate: '{"changed": true}' });
    expect(await refusal(approveRun(ben, second.id))).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/changed/),
    });
    await rejectRun(ben, second.id);
    const third = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    await deleteRunbook(admin, runbook.id);
    expect(await refusal(approveRun(ben, third.id))).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/deleted/),
    });
    expect(hook.received).toHaveLength(0);
    expect((await auditOf("runbook_run", first.id)).map((entry) => entry.action)).toEqual([
      "runbook_run.propose",
      "runbook_run.reject",
    ]);
  });
});

describe("a run outside production", () => {
  it("may be approved by its proposer; an error answer is a failed run with its status", async () => {
    const hook = await server([503]);
    const { anomaly, runbook } = await setup(hook.url, "staging");
    const run = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    expect(await approveRun(ana, run.id)).toMatchObject({
      state: "failed",
      statusCode: 503,
      error: "HTTP 503",
      response: "answer 503",
    });
  });

  it("records an unreachable endpoint as failed, with why", async () => {
    const { anomaly, runbook } = await setup(await closedUrl(), "staging");
    const run = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    const done = await approveRun(ana, run.id);
    expect(done).toMatchObject({
      state: "failed",
      statusCode: null,
      error: expect.stringMatching(/^unreachable: .*ECONNREFUSED/),
    });
  });

  it("records a destination the guard refuses when sent as failed, without connecting", async () => {
    const hook = await server();
    const { anomaly, runbook } = await setup(hook.url, "staging");
    const run = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    // As if the allow list had been narrowed after the runbook was saved.
    await pool().query(
      "UPDATE runbook_run SET request = jsonb_set(request, '{url}', '\"http://10.9.8.7/x\"') WHERE id = $1",
      [run.id],
    );
    const done = await approveRun(ana, run.id);
    expect(done).toMatchObject({ state: "failed", error: expect.stringMatching(/^refused: 10\.9\.8\.7 is/) });
    expect(hook.received).toHaveLength(0);
  });

  it("gives up on an endpoint that never answers within the timeout", { timeout: 20_000 }, async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const { anomaly, runbook } = await setup(silent.url, "dev");
    const run = await proposeRun(ana, { runbookId: runbook.id, anomalyId: anomaly });
    const started = Date.now();
    const done = await approveRun(ana, run.id);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(done).toMatchObject({ state: "failed", error: "no answer within 10 s" });
    expect(done.durationMs).toBeGreaterThanOrEqual(9_900);
  });

  it("shows the exact request on a dry run without sending it", async () => {
    const hook = await server();
    const { anomaly, runbook, service } = await setup(hook.url, "staging");
    const request = await dryRun(ana, runbook.id, { anomalyId: anomaly });
    expect(request).toMatchObject({ method: "POST", url: hook.url });
    expect(request.headers).toContainEqual({ name: "Authorization", value: "[secret]" });
    expect(JSON.parse(request.body).service).toBe(service);
    expect(hook.received).toHaveLength(0);
    expect(await refusal(dryRun(roleCtx("viewer"), runbook.id, { anomalyId: anomaly }))).toMatchObject({
      code: "forbidden",
    });
  });
});

describe("proposals refused", () => {
  it("names the field or answers 404 for what does not exist or does not apply", async () => {
    const { anomaly, runbook } = await setup("https://automation.example.com/x", "staging");
    const other = await insertAnomaly(uniqueName("svc"), "staging");
    expect(await refusal(proposeRun(ana, { runbookId: runbook.id, anomalyId: other }))).toMatchObject({
      field: "runbookId",
    });
    for (const [input, expected] of [
      [{ runbookId: runbook.id }, { field: "anomalyId" }],
      [{ runbookId: "", anomalyId: anomaly }, { field: "runbookId" }],
      [{ runbookId: "a\0b", anomalyId: anomaly }, { field: "runbookId" }],
      [{ runbookId: "\uD800", anomalyId: anomaly }, { field: "runbookId" }],
      [{ runbookId: "x".repeat(101), anomalyId: anomaly }, { field: "runbookId" }],
      [{ runbookId: runbook.id, anomalyId: "00000000-0000-4000-8000-000000000000" }, { code: "not_found" }],
      [{ runbookId: "not-a-uuid", anomalyId: anomaly }, { code: "not_found" }],
    ] as const)
      expect(await refusal(proposeRun(ana, input)), JSON.stringify(input).slice(0, 80)).toMatchObject(expected);
    expect(await refusal(proposeRun(roleCtx("viewer"), { runbookId: runbook.id, anomalyId: anomaly }))).toMatchObject({
      code: "forbidden",
    });
    expect(await refusal(rejectRun(ana, "nope"))).toMatchObject({ code: "not_found" });
    expect(await refusal(rejectRun(ana, "00000000-0000-4000-8000-000000000000", { reason: "\0" }))).toMatchObject({
      field: "reason",
    });
    expect(await refusal(listRuns(ana, {}))).toMatchObject({ field: "anomalyId" });
    expect(await refusal(listRuns(ana, { anomalyId: anomaly, cursor: "forged" }))).toMatchObject({ field: "cursor" });
  });
});

describe("autoRunFor", () => {
  it("runs an admin's auto-run runbook for a non-production anomaly once, as the system", async () => {
    const hook = await server();
    const { anomaly, runbook } = await setup(hook.url, "staging", { autoRun: true, environments: ["staging"] });
    const [run] = await autoRunFor([anomaly]);
    expect(run).toMatchObject({ runbookId: runbook.id, auto: true, state: "succeeded", proposedBy: "system:runbooks" });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0].headers.authorization).toBe(SECRET);
    expect(await autoRunFor([anomaly, "00000000-0000-4000-8000-000000000000"])).toEqual([]);
    expect(hook.received).toHaveLength(1);
    expect((await auditOf("runbook_run", run.id)).map((entry) => [entry.action, entry.actor_label])).toEqual([
      ["runbook_run.auto_start", "system:runbooks"],
      ["runbook_run.finish", "system:runbooks"],
    ]);
  });

  it("never runs a production anomaly's runbook without approval, whatever the runbook row says", async () => {
    const hook = await server();
    const { anomaly, runbook } = await setup(hook.url, "production");
    // Past the save rules: a row that claims auto-run for production.
    await pool().query("UPDATE runbook SET auto_run = true, environments = '{production}' WHERE id = $1", [runbook.id]);
    expect(await autoRunFor([anomaly])).toEqual([]);
    const staging = await insertAnomaly(
      (await pool().query("SELECT services[1] AS s FROM runbook WHERE id = $1", [runbook.id])).rows[0].s,
      "staging",
    );
    await pool().query("UPDATE runbook SET environments = '{staging,production}' WHERE id = $1", [runbook.id]);
    expect(await autoRunFor([staging])).toEqual([]);
    expect(hook.received).toHaveLength(0);
    expect((await listRuns(admin, { anomalyId: anomaly })).items).toEqual([]);
  });

  it("leaves runbooks without auto-run for a person to propose", async () => {
    const hook = await server();
    const { anomaly } = await setup(hook.url, "staging", { environments: ["staging"] });
    expect(await autoRunFor([anomaly])).toEqual([]);
    expect(hook.received).toHaveLength(0);
  });
});
