import { afterAll, afterEach, describe, expect, it } from "vitest";
import { userCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer } from "@/test/notification-hooks";
import { auditOf, insertAnomaly, insertSloAlert, runbookInput, SECRET } from "@/test/runbooks";
import { answerSloAlerts } from "./answer-slo-alerts";
import { approveRun } from "./approve-run";
import { createRunbook } from "./create-runbook";
import { dryRun } from "./dry-run";
import { listRuns } from "./list-runs";
import { proposeRun } from "./propose-run";
import { runbooksFor } from "./runbooks-for";
import { refusal } from "@/test/refusal";

// Runbooks that answer SLO alerts: proposed on the SLO page or by the system when an alert fires,
// under the anomaly runs' rules (a second person in production; by themselves only where an admin
// allowed it outside production), audited with the SLO and the alert they answer.

afterAll(closeDb);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const admin = roleCtx("admin");
const ana = userCtx({ id: "user-ana", email: "ana@test.vigil.local", role: "sre" });
const ben = userCtx({ id: "user-ben", email: "ben@test.vigil.local", role: "sre" });
const TEMPLATE = '{"slo": "{{slo}}", "service": "{{service}}", "burn": {{score}}, "over": {{expected}}}';

async function server() {
  const hook = await hookServer();
  closers.push(hook.close);
  return hook;
}

async function setup(url: string, environment?: string, overrides = {}) {
  const service = uniqueName("svc");
  const alert = await insertSloAlert(service, environment);
  const runbook = await createRunbook(
    admin,
    runbookInput(url, { services: [service], series: [], sloAlerts: true, bodyTemplate: TEMPLATE, ...overrides }),
  );
  return { service, alert, runbook };
}

describe("a run for an SLO alert", () => {
  it("is proposed for the SLO's latest alert, approved by a second person, and sent once", async () => {
    const hook = await server();
    const { service, alert, runbook } = await setup(hook.url);
    expect((await runbooksFor(ana, { sloId: alert.sloId })).map((r) => r.id)).toEqual([runbook.id]);
    const proposed = await proposeRun(ana, { runbookId: runbook.id, sloId: alert.sloId });
    expect(proposed).toMatchObject({ state: "awaiting_approval", sloId: alert.sloId, sloAlertId: alert.alertId });
    expect(proposed.anomalyId).toBeNull();
    expect(JSON.parse(proposed.request.body)).toEqual({ slo: alert.sloName, service, burn: 20.5, over: 14.4 });
    // No environment on the SLO: counted as production, so its proposer may not approve it.
    expect(await refusal(approveRun(ana, proposed.id))).toMatchObject({ code: "forbidden" });
    expect(hook.received).toHaveLength(0);
    const done = await approveRun(ben, proposed.id);
    expect(done).toMatchObject({ state: "succeeded", statusCode: 200 });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0].headers.authorization).toBe(SECRET);
    const listed = await listRuns(ana, { sloId: alert.sloId });
    expect(listed.items.map((run) => run.id)).toEqual([proposed.id]);
    const audit = await auditOf("runbook_run", proposed.id);
    expect(audit.map((entry) => entry.action)).toEqual([
      "runbook_run.propose",
      "runbook_run.approve",
      "runbook_run.finish",
    ]);
    for (const entry of audit) expect(JSON.parse(entry.summary)).toMatchObject({ sloAlertId: alert.alertId });
    expect(audit.map((entry) => entry.summary).join("")).not.toContain("tok-9f8e7d6c5b4a");
  });

  it("is refused for a runbook not attached to SLO alerts, an SLO that never alerted, or ids that name nothing", async () => {
    const { alert } = await setup("https://automation.example.com/x");
    const anomalyOnly = await createRunbook(admin, runbookInput("https://automation.example.com/y"));
    expect(await refusal(proposeRun(ana, { runbookId: anomalyOnly.id, sloId: alert.sloId }))).toMatchObject({
      code: "bad_request",
      field: "runbookId",
    });
    const quiet = await insertSloAlert(uniqueName("svc"));
    await pool().query("DELETE FROM slo_alert WHERE slo_id = $1", [quiet.sloId]);
    const { runbook } = await setup("https://automation.example.com/z");
    expect(await refusal(proposeRun(ana, { runbookId: runbook.id, sloId: quiet.sloId }))).toMatchObject({
      code: "conflict",
    });
    const bad: [unknown, string, string | null][] = [
      [{ runbookId: runbook.id, sloId: "999999999999" }, "not_found", null],
      [{ runbookId: runbook.id, sloId: "-1" }, "not_found", null],
      [{ runbookId: runbook.id, sloId: "1e3" }, "not_found", null],
      [{ runbookId: runbook.id, sloId: "9".repeat(40) }, "not_found", null],
      [{ runbookId: runbook.id, sloId: "a\0b" }, "not_found", null],
      [{ runbookId: runbook.id, sloId: "\udc00" }, "not_found", null],
      [{ runbookId: runbook.id, sloId: alert.sloId, sloAlertId: "" }, "bad_request", "sloAlertId"],
      [{ runbookId: runbook.id, sloId: alert.sloId, sloAlertId: "1".repeat(21) }, "bad_request", "sloAlertId"],
      [{ runbookId: runbook.id, sloId: alert.sloId, sloAlertId: "1\0" }, "bad_request", "sloAlertId"],
      [{ runbookId: runbook.id, sloId: alert.sloId, sloAlertId: 7 }, "bad_request", "sloAlertId"],
      [{ runbookId: runbook.id, sloId: alert.sloId, sloAlertId: "999999999" }, "not_found", null],
      [{ runbookId: runbook.id, sloId: 7 }, "bad_request", "sloId"],
      [{ runbookId: runbook.id }, "bad_request", "anomalyId"],
      [{ runbookId: runbook.id, sloId: alert.sloId, anomalyId: alert.sloId }, "bad_request", "anomalyId"],
      [{ runbookId: runbook.id, sloAlertId: alert.alertId, anomalyId: "x" }, "bad_request", "sloAlertId"],
    ];
    for (const [input, code, field] of bad)
      expect(await refusal(proposeRun(ana, input)), JSON.stringify(input)).toMatchObject({ code, field });
    // An alert of another SLO is not this SLO's.
    expect(
      await refusal(proposeRun(ana, { runbookId: runbook.id, sloId: quiet.sloId, sloAlertId: alert.alertId })),
    ).toMatchObject({ code: "not_found" });
  });

  it("dry-runs for the SLO's latest alert, or a sample alert when the runbook answers only SLO alerts", async () => {
    const { alert, runbook } = await setup("https://automation.example.com/x");
    expect(JSON.parse((await dryRun(ana, runbook.id, { sloId: alert.sloId })).body).slo).toBe(alert.sloName);
    expect(JSON.parse((await dryRun(ana, runbook.id, {})).body).slo).toBe("checkout-availability");
    expect(await refusal(dryRun(ana, runbook.id, { sloId: alert.sloId, anomalyId: "x" }))).toMatchObject({
      code: "bad_request",
      field: "sloId",
    });
  });
});

describe("an alert that fires", () => {
  it("in production gets a proposal from the system, sent only once two people approve it", async () => {
    const hook = await server();
    const { alert, runbook } = await setup(hook.url, "production");
    const answered = await answerSloAlerts([{ sloId: alert.sloId, alertId: alert.alertId }]);
    expect(answered).toMatchObject({ autoRuns: [], failures: [] });
    expect(answered.proposed).toHaveLength(1);
    // Again (a retried evaluation): the proposal waiting is not doubled.
    expect((await answerSloAlerts([{ sloId: alert.sloId, alertId: alert.alertId }])).proposed).toEqual([]);
    const [run] = (await listRuns(ana, { sloId: alert.sloId })).items;
    expect(run).toMatchObject({ state: "awaiting_approval", proposedBy: "system:runbooks", runbookId: runbook.id });
    expect(hook.received).toHaveLength(0);
    // The first approval stands as the proposal: still waiting, and its giver may not approve again.
    expect(await approveRun(ana, run.id)).toMatchObject({ state: "awaiting_approval", proposedBy: ana.actor.label });
    expect(hook.received).toHaveLength(0);
    expect(await refusal(approveRun(ana, run.id))).toMatchObject({ code: "forbidden" });
    expect(await approveRun(ben, run.id)).toMatchObject({ state: "succeeded" });
    expect(hook.received).toHaveLength(1);
    const audit = await auditOf("runbook_run", run.id);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["runbook_run.endorse", "runbook_run.approve"]),
    );
  });

  it("outside production runs by itself where an admin allowed it, once; elsewhere it waits", async () => {
    const hook = await server();
    const { alert, runbook } = await setup(hook.url, "staging", { environments: ["staging"], autoRun: true });
    const answered = await answerSloAlerts([{ sloId: alert.sloId, alertId: alert.alertId }]);
    expect(answered.proposed).toEqual([]);
    expect(answered.autoRuns).toMatchObject([{ state: "succeeded", auto: true, runbookId: runbook.id }]);
    expect((await answerSloAlerts([{ sloId: alert.sloId, alertId: alert.alertId }])).autoRuns).toEqual([]);
    expect(hook.received).toHaveLength(1);
    const audit = await auditOf("runbook_run", answered.autoRuns[0].id);
    expect(audit.map((entry) => [entry.action, entry.actor_label])).toEqual([
      ["runbook_run.auto_start", "system:runbooks"],
      ["runbook_run.finish", "system:runbooks"],
    ]);
    // The same runbook row set to auto-run in production (written past the checks) is only proposed.
    const prod = await insertSloAlert(uniqueName("svc"), "production");
    await pool().query(
      `UPDATE runbook SET environments = '{production}', services = (SELECT ARRAY[service] FROM slo WHERE id = $2)
        WHERE id = $1`,
      [runbook.id, prod.sloId],
    );
    const waiting = await answerSloAlerts([{ sloId: prod.sloId, alertId: prod.alertId }]);
    expect(waiting).toMatchObject({ autoRuns: [], failures: [] });
    expect(waiting.proposed).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
  });

  it("names a runbook whose template does not render, and answers the alert with the others", async () => {
    const { alert } = await setup("https://automation.example.com/x");
    const service = (await pool().query("SELECT service FROM slo WHERE id = $1", [alert.sloId])).rows[0].service;
    const broken = await createRunbook(
      admin,
      runbookInput("https://automation.example.com/y", { services: [service], series: [], sloAlerts: true }),
    );
    // Written past the save-time check: a body that is not JSON for an alert.
    await pool().query("UPDATE runbook SET body_template = '{{service}}' WHERE id = $1", [broken.id]);
    const answered = await answerSloAlerts([{ sloId: alert.sloId, alertId: alert.alertId }]);
    expect(answered.proposed).toHaveLength(1);
    expect(answered.failures).toHaveLength(1);
    expect(answered.failures[0].error).toMatch(/^bodyTemplate: /);
  });
});

describe("a run answers one thing", () => {
  it("the database refuses a run for both an anomaly and an SLO alert, or for neither", async () => {
    const { alert, runbook } = await setup("https://automation.example.com/x");
    const anomaly = await insertAnomaly(uniqueName("svc"), "staging");
    const insert = (anomalyId: string | null, sloId: string | null, alertId: string | null) =>
      pool().query(
        `INSERT INTO runbook_run (runbook_id, runbook_name, runbook_version, anomaly_id, slo_id, slo_alert_id,
           environment, state, request, proposed_by, proposed_by_id)
         VALUES ($1, 'x', 1, $2, $3, $4, 'staging', 'rejected', '{}', 'test', 'test')`,
        [runbook.id, anomalyId, sloId, alertId],
      );
    const wrong: [string | null, string | null, string | null][] = [
      [anomaly, alert.sloId, alert.alertId],
      [null, null, null],
      [null, alert.sloId, null],
      [anomaly, null, alert.alertId],
    ];
    for (const [a, s, l] of wrong)
      await expect(insert(a, s, l), JSON.stringify([a, s, l])).rejects.toThrow(/runbook_run_answers_one/);
    await expect(insert(null, alert.sloId, alert.alertId)).resolves.toBeDefined();
  });
});

describe("a runbook's template is checked for what it answers", () => {
  it("an SLO alert's {{slo}} for one answering SLO alerts; an anomaly's values for one answering anomalies", async () => {
    // A value written bare must leave JSON for every kind of thing the runbook answers.
    const bare = '{"slo": {{slo}}1}';
    const sloOnly = { series: [], sloAlerts: true, bodyTemplate: bare };
    expect(await refusal(createRunbook(admin, runbookInput("https://e.example.com/", sloOnly)))).toMatchObject({
      code: "bad_request",
      field: "bodyTemplate",
    });
    const both = { series: ["errors" as const], sloAlerts: true, bodyTemplate: '{"slo": "{{slo}}", "n": {{score}}}' };
    expect(await createRunbook(admin, runbookInput("https://e.example.com/", both))).toMatchObject({ sloAlerts: true });
    const anomalyOnly = { series: ["errors" as const], bodyTemplate: '{"n": {{score}}{{slo}}}' };
    expect(await createRunbook(admin, runbookInput("https://e.example.com/", anomalyOnly))).toMatchObject({
      sloAlerts: false,
    });
    expect(
      await refusal(createRunbook(admin, runbookInput("https://e.example.com/", { ...anomalyOnly, sloAlerts: true }))),
    ).toMatchObject({ code: "bad_request", field: "bodyTemplate" });
  });
});
