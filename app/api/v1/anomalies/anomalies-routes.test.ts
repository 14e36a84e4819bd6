import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { bearerKey, callHandler, sessionCookie } from "@/test/http-callers";
import { GET as getOne } from "./[id]/route";
import { POST as triage } from "./[id]/triage/route";
import { GET as list } from "./route";

// The anomaly API end to end: list filters and pages, one anomaly with its history, and triage by an
// SRE (audited, a production resolve recorded as an incident), refused to readers and bad input.

afterAll(closeDb);

let reader: string;
let sre: string;
beforeAll(async () => {
  reader = await bearerKey(["read"]);
  sre = await sessionCookie("sre");
});

async function anomaly(service: string, minutesAgo: number, environment = "prod"): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO anomaly (service, series, environment, step_ms, started_at, peak_at, ended_at, direction, severity, peak_score, observed, expected)
     VALUES ($1, 'errors', $2, 300000, now() - make_interval(mins => $3), now() - make_interval(mins => $3),
       now() - make_interval(mins => $3) + interval '5 minutes', 'up', 'critical', 9, 0.2, 0.01)
     RETURNING id`,
    [service, environment, minutesAgo],
  );
  return rows[0].id;
}

const get = async (path: string, authorization = reader) => {
  const response = await callHandler(list, path, { headers: { authorization } });
  return { status: response.status, body: await response.json() };
};

const post = async (id: string, body: unknown, cookie = sre) => {
  const response = await callHandler(
    triage,
    `/api/v1/anomalies/${id}/triage`,
    { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) },
    { id },
  );
  return { status: response.status, body: await response.json() };
};

describe("GET /api/v1/anomalies", () => {
  it("lists a service's anomalies newest first, a page at a time", async () => {
    const service = uniqueName("svc");
    const ids = [await anomaly(service, 30), await anomaly(service, 20), await anomaly(service, 10)];
    const first = await get(`/api/v1/anomalies?service=${service}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const second = await get(`/api/v1/anomalies?service=${service}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ id: ids[0], status: "open", series: "errors" }], nextCursor: null });
  });

  it("refuses bad filters with the field and why", async () => {
    for (const [query, field] of [
      ["status=closed", "status"],
      ["series=cpu", "series"],
      ["from=yesterday", "from"],
      ["limit=0", "limit"],
      ["cursor=not-ours", "cursor"],
      ["from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"],
      [`service=${"x".repeat(201)}`, "service"],
      ["service=a%00b", "service"],
    ]) {
      const answer = await get(`/api/v1/anomalies?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.message, query).toMatch(new RegExp(`^${field}`));
    }
  });
});

describe("POST /api/v1/anomalies/{id}/triage", () => {
  it("acknowledges, assigns, comments and resolves, with a history, an audit trail and an incident", async () => {
    const service = uniqueName("svc");
    const id = await anomaly(service, 45);
    expect((await post(id, { status: "acknowledged", assignee: "ana@example.com" })).status).toBe(200);
    expect((await post(id, { comment: "fraud model timing out", traceId: "a".repeat(32) })).status).toBe(200);
    expect((await post(id, { status: "resolved", comment: "rolled back" })).body).toEqual({ id, status: "resolved" });

    const detail = await callHandler(getOne, `/api/v1/anomalies/${id}`, { headers: { authorization: reader } }, { id });
    const body = await detail.json();
    expect(body).toMatchObject({ status: "resolved", assignee: "ana@example.com" });
    expect(body.notes.map((n: { statusTo: string | null; comment: string | null }) => [n.statusTo, n.comment])).toEqual(
      [
        ["acknowledged", null],
        [null, "fraud model timing out"],
        ["resolved", "rolled back"],
      ],
    );
    const audit = await pool().query(
      "SELECT action, reason FROM audit_entry WHERE target_type = 'anomaly' AND target_id = $1 ORDER BY seq",
      [id],
    );
    expect(audit.rows).toEqual([
      { action: "anomaly.triage", reason: null },
      { action: "anomaly.triage", reason: "fraud model timing out" },
      { action: "anomaly.triage", reason: "rolled back" },
    ]);
    const incident = await pool().query(
      "SELECT service, status, resolved_at IS NOT NULL AS resolved FROM delivery_incident WHERE source = 'anomalies' AND external_key = $1",
      [`anomaly:${id}`],
    );
    expect(incident.rows).toEqual([{ service, status: "DONE", resolved: true }]);
    expect(body.incidentId).not.toBeNull();
  });

  it("records no incident for a false positive or outside production", async () => {
    const falsePositive = await anomaly(uniqueName("svc"), 5);
    const staging = await anomaly(uniqueName("svc"), 5, "staging");
    await post(falsePositive, { status: "false_positive" });
    await post(staging, { status: "resolved" });
    const { rows } = await pool().query("SELECT 1 FROM delivery_incident WHERE external_key = ANY ($1::text[])", [
      [`anomaly:${falsePositive}`, `anomaly:${staging}`],
    ]);
    expect(rows).toEqual([]);
  });

  it("is refused to readers and FinOps, and for bad input names the field", async () => {
    const id = await anomaly(uniqueName("svc"), 5);
    expect((await post(id, { status: "resolved" }, await sessionCookie("viewer"))).status).toBe(403);
    expect((await post(id, { status: "resolved" }, await sessionCookie("finops"))).status).toBe(403);
    for (const [body, field] of [
      [{}, ""],
      [{ status: "closed" }, "status"],
      [{ traceId: "XYZ" }, "traceId"],
      [{ comment: "" }, "comment"],
      [{ comment: "x".repeat(4001) }, "comment"],
      [{ comment: "a\u0000b" }, "comment"],
      [{ comment: "a\ud800b" }, "comment"],
      [{ assignee: 42 }, "assignee"],
      [{ status: "resolved", extra: 1 }, ""],
    ] as const) {
      const answer = await post(id, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message, JSON.stringify(body)).toMatch(new RegExp(`^${field}`));
    }
    expect((await post("00000000-0000-4000-8000-000000000000", { comment: "x" })).status).toBe(404);
    expect((await post("not-a-uuid", { comment: "x" })).status).toBe(404);
  });
});
