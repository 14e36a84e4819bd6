import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deployments from "@/app/api/v1/delivery/deployments/route";
import * as incidents from "@/app/api/v1/delivery/incidents/route";
import { withField } from "@/collectors/delivery/adversarial-cases";
import { closeDb } from "@/lib/db";
import { publicUrl } from "@/lib/env";
import { uniqueName } from "@/test/factories";
import { deliveryFixture, expectRejected, postTo, rejection } from "@/test/delivery-webhooks";
import { bearerKey, sessionCookie } from "@/test/http-callers";

// DevLake's webhook plugin endpoints through the real handlers and PostgreSQL: who may send, what a
// re-send does, and every hostile body a 400 naming its field, kept in the rejected-events list.

const DEPLOYMENTS = "/api/v1/delivery/deployments";
const INCIDENTS = "/api/v1/delivery/incidents";
const deployment = () => ({ ...deliveryFixture("devlake-deployment.json"), id: uniqueName("deploy") });
const incident = () => ({ ...deliveryFixture("devlake-incident.json"), issueKey: uniqueName("INC") });

describe("POST /api/v1/delivery/deployments and /incidents (PostgreSQL)", () => {
  let key: string;
  beforeAll(async () => {
    key = await bearerKey(["ingest:delivery"]);
  });
  afterAll(closeDb);

  const send = (path: string, body: unknown, auth = key) =>
    postTo(path === DEPLOYMENTS ? deployments.POST : incidents.POST, path, body, { authorization: auth });

  it("records DevLake's deployment body: 201 created, a re-send 200 unchanged, a change 200 updated", async () => {
    const body = deployment();
    const first = await send(DEPLOYMENTS, body);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; outcome: string };
    expect(created.outcome).toBe("created");
    const again = await send(DEPLOYMENTS, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: created.id, outcome: "unchanged", budgetExhausted: false });
    const changed = await send(DEPLOYMENTS, { ...body, result: "FAILURE" });
    expect(await changed.json()).toEqual({ id: created.id, outcome: "updated", budgetExhausted: false });
  });

  it("records DevLake's incident body the same way", async () => {
    const body = incident();
    const first = await send(INCIDENTS, body);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect(await (await send(INCIDENTS, body)).json()).toEqual({ id, outcome: "unchanged" });
    const reopened = { ...body, status: "IN_PROGRESS" };
    expect(await (await send(INCIDENTS, reopened)).json()).toEqual({ id, outcome: "updated" });
  });

  it("is a 401 without a key or with an unknown one, a 403 for a key without ingest:delivery", async () => {
    const none = await postTo(deployments.POST, DEPLOYMENTS, deployment());
    expect(none.status).toBe(401);
    expect((await send(DEPLOYMENTS, deployment(), "Bearer vigil_not_a_key")).status).toBe(401);
    for (const scopes of [["read"], ["ingest:traces", "ingest:billing", "ingest:iac"]] as const) {
      const response = await send(INCIDENTS, incident(), await bearerKey([...scopes]));
      expect(response.status).toBe(403);
    }
  });

  it("takes a session whose role has ingest:delivery (sre), not one without (viewer)", async () => {
    for (const [role, status] of [
      ["sre", 201],
      ["viewer", 403],
    ] as const) {
      const cookie = await sessionCookie(role);
      const response = await postTo(deployments.POST, DEPLOYMENTS, deployment(), { cookie, origin: publicUrl() });
      expect(response.status, role).toBe(status);
    }
  });

  const deploymentCases: [string, string, (body: object) => unknown][] = [
    ["an id one past the longest", "id", (b) => withField(b, ["id"], "i".repeat(256))],
    ["an empty id", "id", (b) => withField(b, ["id"], "")],
    ["a NUL in the service", "service", (b) => withField(b, ["service"], "ledger\0")],
    ["a lone surrogate in the team", "team", (b) => withField(b, ["team"], "pay\uD800")],
    ["a finish past year 9999", "finishedDate", (b) => withField(b, ["finishedDate"], "+275760-09-13T00:00:00Z")],
    ["a finish before the start", "finishedDate", (b) => withField(b, ["finishedDate"], "2026-11-01T00:00:00Z")],
    ["no commits", "deploymentCommits", (b) => withField(b, ["deploymentCommits"], [])],
    [
      "2049 commits",
      "deploymentCommits",
      (b) => withField(b, ["deploymentCommits"], Array(2049).fill({ repoUrl: "r", commitSha: "abcdef0" })),
    ],
    [
      "a commit sha with a blank",
      "deploymentCommits.0.commitSha",
      (b) => withField(b, ["deploymentCommits", 0, "commitSha"], "abc def"),
    ],
    [
      "a commit finish that is not a time",
      "deploymentCommits.1.finishedDate",
      (b) => withField(b, ["deploymentCommits", 1, "finishedDate"], "soon"),
    ],
    ["an unknown environment", "environment", (b) => withField(b, ["environment"], "PROD")],
    [
      "a start as an overflowing number",
      "startedDate",
      (b) => JSON.stringify(b).replace('"2026-11-02T10:00:00Z"', "1e400"),
    ],
  ];

  it.each(deploymentCases)("refuses %s with a 400 naming %s, kept with the body's start", async (_, field, make) => {
    const stored = await expectRejected(await send(DEPLOYMENTS, make(deployment())), field);
    expect(stored).toMatchObject({ route: "POST /api/v1/delivery/deployments", source: "devlake" });
    expect(stored.bodyExcerpt.startsWith('{"id":')).toBe(true);
    expect(stored.bodyExcerpt).not.toContain("\0");
  });

  const incidentCases: [string, string, (body: object) => unknown][] = [
    ["a key one past the longest", "issueKey", (b) => withField(b, ["issueKey"], "k".repeat(256))],
    ["no title", "title", (b) => withField(b, ["title"], undefined)],
    ["a lone low surrogate in the title", "title", (b) => withField(b, ["title"], "\uDC00")],
    ["a NUL in the severity", "severity", (b) => withField(b, ["severity"], "SEV\0")],
    ["DONE without a resolution", "resolutionDate", (b) => withField(b, ["resolutionDate"], null)],
    ["a resolution before creation", "resolutionDate", (b) => withField(b, ["resolutionDate"], "2026-11-01T00:00:00Z")],
    ["an unknown status", "status", (b) => withField(b, ["status"], "CLOSED")],
    ["a url that is not http", "url", (b) => withField(b, ["url"], "javascript:alert(1)")],
  ];

  it.each(incidentCases)("refuses an incident with %s: 400 naming %s, kept", async (_, field, make) => {
    const stored = await expectRejected(await send(INCIDENTS, make(incident())), field);
    expect(stored.route).toBe("POST /api/v1/delivery/incidents");
  });

  it.each([
    ["an empty body", ""],
    ["malformed JSON", '{"id": "x",'],
    ["a JSON list", "[]"],
    ["JSON null", "null"],
    ["bytes that are not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0x7d])],
  ])("refuses %s naming (body), kept as safe text", async (_, body) => {
    const stored = await expectRejected(await send(INCIDENTS, body), "(body)");
    expect(stored.bodyExcerpt).not.toContain("\0");
  });

  it("answers a body over 1 MiB with 413, kept without its bytes", async () => {
    const big = JSON.stringify({ ...deployment(), displayTitle: "x".repeat(1024 * 1024) });
    const response = await send(DEPLOYMENTS, big);
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { field: string }; rejectedId: string };
    expect(body.error.field).toBe("(body)");
    const stored = await rejection(body.rejectedId);
    // Its length when the sender said (Content-Length), else "over the limit".
    expect(stored.bodyBytes).toBeGreaterThan(1024 * 1024);
    expect(stored.bodyExcerpt).toBe("");
  });

  it("keeps the first 16 KiB of a long refused body, and the sender's key name", async () => {
    const body = withField(deployment(), ["service"], ["x".repeat(40_000)]);
    const stored = await expectRejected(await send(DEPLOYMENTS, body), "service");
    expect(stored.bodyBytes).toBeGreaterThan(40_000);
    expect(Buffer.byteLength(stored.bodyExcerpt)).toBe(16 * 1024);
    expect(stored.sender).toMatch(/^key-/);
  });

  it("records the next good event after a bad one", async () => {
    const good = deployment();
    expect((await send(DEPLOYMENTS, withField(good, ["id"], ""))).status).toBe(400);
    expect((await send(DEPLOYMENTS, good)).status).toBe(201);
  });
});
