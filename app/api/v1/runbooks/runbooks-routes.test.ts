import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { bearerKey, callHandler, sessionCookie } from "@/test/http-callers";
import { hookServer } from "@/test/notification-hooks";
import { auditOf, insertAnomaly, runbookInput } from "@/test/runbooks";
import { GET as listRuns, POST as propose } from "../anomalies/[id]/runs/route";
import { POST as approve } from "../runs/[id]/approve/route";
import { POST as reject } from "../runs/[id]/reject/route";
import { POST as dryRun } from "./[id]/dry-run/route";
import { DELETE as remove, GET as getOne, PATCH as patch } from "./[id]/route";
import { GET as list, POST as create } from "./route";

// The runbook API end to end (needs the runbook entries of lib/http/routes.ts): an admin saves a
// runbook, one SRE proposes a production run, another approves it and the local automation server is
// called once; bad fields are 400s naming them, readers and keys can not run anything.

afterAll(closeDb);

let admin: string;
let ana: string;
let ben: string;
let reader: string;
beforeAll(async () => {
  [admin, ana, ben, reader] = await Promise.all([
    sessionCookie("admin"),
    sessionCookie("sre"),
    sessionCookie("sre"),
    bearerKey(["read"]),
  ]);
});

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
async function call<P>(
  handler: Handler<P>,
  path: string,
  auth: string,
  body?: unknown,
  params = {} as P,
  method = "POST",
) {
  const headers: Record<string, string> = auth.startsWith("Bearer") ? { authorization: auth } : { cookie: auth };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await callHandler(
    handler,
    path,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
    params,
  );
  return { status: response.status, body: await response.json() };
}

describe("runbook routes", () => {
  it("save, propose, approve by a second person, and read back without secrets", async () => {
    const hook = await hookServer();
    try {
      const service = uniqueName("svc");
      const anomaly = await insertAnomaly(service, "production");
      const made = await call(create, "/api/v1/runbooks", admin, runbookInput(hook.url, { services: [service] }));
      expect(made.status).toBe(201);
      const id = made.body.id as string;
      const read = await call(getOne, `/api/v1/runbooks/${id}`, reader, undefined, { id }, "GET");
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain("tok-9f8e7d6c5b4a");
      const listed = await call(list, "/api/v1/runbooks?limit=200", reader, undefined, {}, "GET");
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain("tok-9f8e7d6c5b4a");

      const dry = await call(dryRun, `/api/v1/runbooks/${id}/dry-run`, ana, { anomalyId: anomaly }, { id });
      expect(dry.status).toBe(200);
      expect(dry.body.headers).toContainEqual({ name: "Authorization", value: "[secret]" });

      const proposed = await call(
        propose,
        `/api/v1/anomalies/${anomaly}/runs`,
        ana,
        { runbookId: id },
        { id: anomaly },
      );
      expect(proposed).toMatchObject({ status: 201, body: { state: "awaiting_approval" } });
      const runId = proposed.body.id as string;
      expect((await call(approve, `/api/v1/runs/${runId}/approve`, ana, undefined, { id: runId })).status).toBe(403);
      expect((await call(approve, `/api/v1/runs/${runId}/approve`, reader, undefined, { id: runId })).status).toBe(403);
      expect(hook.received).toHaveLength(0);
      const approved = await call(approve, `/api/v1/runs/${runId}/approve`, ben, undefined, { id: runId });
      expect(approved).toMatchObject({ status: 200, body: { state: "succeeded", statusCode: 200 } });
      expect(hook.received).toHaveLength(1);

      const runs = await call(listRuns, `/api/v1/anomalies/${anomaly}/runs`, reader, undefined, { id: anomaly }, "GET");
      expect(runs.body.items).toHaveLength(1);
      const deleted = await call(remove, `/api/v1/runbooks/${id}`, admin, undefined, { id }, "DELETE");
      expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
      expect((await auditOf("runbook", id)).map((entry) => entry.action)).toEqual(["runbook.create", "runbook.delete"]);
    } finally {
      await hook.close();
    }
  });

  it("answers bad input with 400 naming the field, and refuses those who may not", async () => {
    for (const [override, field] of [
      [{ url: "ftp://files.example.com/x" }, "url"],
      [{ url: "javascript:alert(1)" }, "url"],
      [{ bodyTemplate: '{"a": "{{service"}' }, "bodyTemplate"],
      [{ name: "\uD800" }, "name"],
    ] as const) {
      const answer = await call(create, "/api/v1/runbooks", admin, {
        ...runbookInput("https://e.example.com/"),
        ...override,
      });
      expect(answer.status, field).toBe(400);
      expect(answer.body.error.message, field).toMatch(new RegExp(`^${field}: `));
    }
    expect((await call(create, "/api/v1/runbooks", ana, runbookInput("https://e.example.com/"))).status).toBe(403);
    const elsewhere = runbookInput("https://e.example.com/", { services: [uniqueName("other")] });
    const made = await call(create, "/api/v1/runbooks", admin, elsewhere);
    const id = made.body.id as string;
    const changed = await call(patch, `/api/v1/runbooks/${id}`, admin, { url: "file:///etc/passwd" }, { id }, "PATCH");
    expect(changed.status).toBe(400);
    const anomaly = await insertAnomaly(uniqueName("svc"), "staging");
    const proposed = await call(propose, `/api/v1/anomalies/${anomaly}/runs`, ana, { runbookId: id }, { id: anomaly });
    expect(proposed.status).toBe(400);
    expect(proposed.body.error.message).toMatch(/^runbookId: /);
    const nobody = "00000000-0000-4000-8000-000000000000";
    expect((await call(reject, `/api/v1/runs/${nobody}/reject`, ana, undefined, { id: nobody })).status).toBe(404);
  });
});
