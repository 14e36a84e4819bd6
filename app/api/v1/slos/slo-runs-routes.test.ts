import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { createRunbook } from "@/lib/runbooks/create-runbook";
import { roleCtx, uniqueName } from "@/test/factories";
import { bearerKey, callHandler, sessionCookie } from "@/test/http-callers";
import { insertSloAlert, runbookInput } from "@/test/runbooks";
import { POST as reject } from "../runs/[id]/reject/route";
import { GET as listRuns, POST as propose } from "./[id]/runs/route";

// The SLO page's runbook runs through the API: an SRE proposes a run for the SLO's latest alert,
// readers list the runs, and what is malformed is a 400 naming the field (or a 404 for an SLO that
// is none), never a 500.

afterAll(closeDb);

let sre: string;
let viewer: string;
let reader: string;
beforeAll(async () => {
  [sre, viewer, reader] = await Promise.all([sessionCookie("sre"), sessionCookie("viewer"), bearerKey(["read"])]);
});

async function call(
  handler: typeof propose,
  id: string,
  auth: string,
  body?: string,
  method = "POST",
  query = "",
): Promise<{ status: number; body: { error?: { message: string; field?: string } } & Record<string, unknown> }> {
  const headers: Record<string, string> = auth.startsWith("Bearer") ? { authorization: auth } : { cookie: auth };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await callHandler(
    handler,
    `/api/v1/slos/${encodeURIComponent(id)}/runs${query}`,
    { method, headers, body },
    { id },
  );
  return { status: response.status, body: await response.json() };
}

async function setup() {
  const service = uniqueName("svc");
  const alert = await insertSloAlert(service);
  const runbook = await createRunbook(
    roleCtx("admin"),
    runbookInput("https://automation.example.com/x", { services: [service], series: [], sloAlerts: true }),
  );
  return { alert, runbook };
}

describe("an SLO's runbook runs", () => {
  it("are proposed by an SRE for the latest alert and listed for readers; viewers and keys may not propose", async () => {
    const { alert, runbook } = await setup();
    const body = JSON.stringify({ runbookId: runbook.id });
    expect((await call(propose, alert.sloId, viewer, body)).status).toBe(403);
    expect((await call(propose, alert.sloId, reader, body)).status).toBe(403);
    const proposed = await call(propose, alert.sloId, sre, body);
    expect(proposed).toMatchObject({ status: 201, body: { state: "awaiting_approval", sloAlertId: alert.alertId } });
    expect((await call(propose, alert.sloId, sre, body)).status).toBe(409);
    const listed = await call(listRuns, alert.sloId, reader, undefined, "GET", "?limit=5");
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((run) => run.id)).toEqual([proposed.body.id]);
    const runId = proposed.body.id as string;
    const rejected = await callHandler(
      reject,
      `/api/v1/runs/${runId}/reject`,
      {
        method: "POST",
        headers: { cookie: sre, "content-type": "application/json" },
        body: JSON.stringify({ reason: "not now" }),
      },
      { id: runId },
    );
    expect(rejected.status).toBe(200);
  });

  it("answers malformed bodies with 400 naming the field, and ids that name nothing with 404", async () => {
    const { alert, runbook } = await setup();
    const bad: [string, number, string | null][] = [
      ["[]", 400, null],
      ["null", 400, null],
      ['"x"', 400, null],
      ["{", 400, null],
      ["{}", 400, "runbookId"],
      [JSON.stringify({ runbookId: 5 }), 400, "runbookId"],
      [JSON.stringify({ runbookId: "" }), 400, "runbookId"],
      [JSON.stringify({ runbookId: "r\u0000" }), 400, "runbookId"],
      [JSON.stringify({ runbookId: "x".repeat(101) }), 400, "runbookId"],
      [JSON.stringify({ runbookId: runbook.id, sloAlertId: "\ud800" }), 400, "sloAlertId"],
      [JSON.stringify({ runbookId: runbook.id, sloAlertId: "9".repeat(10_000) }), 400, "sloAlertId"],
      [JSON.stringify({ runbookId: runbook.id, sloAlertId: [1] }), 400, "sloAlertId"],
      [JSON.stringify({ runbookId: runbook.id, anomalyId: runbook.id }), 400, "anomalyId"],
      [JSON.stringify({ runbookId: runbook.id, extra: 1 }), 400, null],
      [JSON.stringify({ runbookId: runbook.id, sloAlertId: "123456789012" }), 404, null],
      [JSON.stringify({ runbookId: "00000000-0000-4000-8000-000000000000" }), 404, null],
    ];
    for (const [body, status, field] of bad) {
      const answer = await call(propose, alert.sloId, sre, body);
      expect(answer.status, body.slice(0, 60)).toBe(status);
      if (field) expect(answer.body.error?.message, body.slice(0, 60)).toMatch(new RegExp(`^${field}: `));
    }
    for (const id of ["999999999999", "0", "-1", "abc", "1".repeat(30), "\u0000"])
      expect((await call(propose, id, sre, JSON.stringify({ runbookId: runbook.id }))).status, id).toBe(404);
    for (const id of ["abc", "1".repeat(30)])
      expect((await call(listRuns, id, reader, undefined, "GET")).status, id).toBe(404);
    expect((await call(listRuns, alert.sloId, reader, undefined, "GET", "?cursor=%00")).status).toBe(400);
    expect((await call(listRuns, alert.sloId, reader, undefined, "GET", "?limit=-1")).status).toBe(400);
  });
});
