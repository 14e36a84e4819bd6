import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { uniqueName } from "@/test/factories";
import { callHandler, sessionCookie } from "@/test/http-callers";
import { PATCH } from "./route";

const ctx = systemCtx("test");

async function scene() {
  const service = uniqueName("payments");
  const base = { source: "devlake" as const, service, team: null, environment: "PRODUCTION" as const };
  const deploy = (n: number, iso: string) =>
    recordDeployment(ctx, {
      ...base,
      externalId: `${service}-${n}`,
      result: "SUCCESS",
      startedAt: new Date(iso),
      finishedAt: new Date(iso),
      version: `v${n}`,
      author: null,
      hotfix: false,
      commits: [],
    });
  const first = await deploy(1, "2026-03-01T10:00:00Z");
  await deploy(2, "2026-03-02T10:00:00Z");
  const incident = await recordIncident(ctx, {
    externalKey: `${service}-INC`,
    source: "pagerduty",
    service,
    title: "card authorisations failing",
    status: "DONE",
    severity: "P1",
    url: null,
    createdAt: new Date("2026-03-02T12:00:00Z"),
    resolvedAt: new Date("2026-03-02T13:00:00Z"),
  });
  return { service, first: first.id, incident: incident.id };
}

const patch = (cookie: string, id: string, body: unknown) =>
  callHandler(
    PATCH,
    `/api/v1/delivery/incidents/${id}`,
    {
      method: "PATCH",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify(body),
    },
    { id },
  );

describe("PATCH /api/v1/delivery/incidents/[id]", () => {
  it("lets an SRE re-link an incident, with the reason in the audit trail, and the link wins over the rule", async () => {
    const { service, first, incident } = await scene();
    const sre = await sessionCookie("sre");
    const response = await patch(sre, incident, { deploymentId: first, reason: "the v1 schema migration caused it" });
    expect(response.status).toBe(200);
    const { items } = await listIncidents(ctx, { service });
    expect(items[0]).toMatchObject({ linkedDeploymentId: first, linkReason: { kind: "set-by-person" } });
    const audit = await pool().query(
      "SELECT action, reason, summary FROM audit_entry WHERE target_type = 'incident' AND target_id = $1",
      [incident],
    );
    expect(audit.rows).toEqual([
      {
        action: "incident.link",
        reason: "the v1 schema migration caused it",
        summary: { before: expect.any(String), after: first },
      },
    ]);
    // "No deployment caused it" is a decision too: the rule does not come back.
    expect((await patch(sre, incident, { deploymentId: null, reason: "upstream card network outage" })).status).toBe(
      200,
    );
    expect((await listIncidents(ctx, { service })).items[0]).toMatchObject({
      linkedDeploymentId: null,
      linkReason: { kind: "set-by-person" },
    });
  });

  it("refuses viewers, unknown ids and bodies without a reason", async () => {
    const { incident, first } = await scene();
    const viewer = await sessionCookie("viewer");
    expect((await patch(viewer, incident, { deploymentId: first, reason: "x" })).status).toBe(403);
    const sre = await sessionCookie("sre");
    expect((await patch(sre, "999999999999", { deploymentId: first, reason: "x" })).status).toBe(404);
    for (const [body, field] of [
      [{ deploymentId: first }, "reason"],
      [{ deploymentId: first, reason: "" }, "reason"],
      [{ deploymentId: "12a", reason: "x" }, "deploymentId"],
      [{ deploymentId: "999999999999", reason: "x" }, "deploymentId"],
      [{ deploymentId: first, reason: "x\u0000" }, "reason"],
      [{ deploymentId: first, reason: "\ud800" }, "reason"],
      [{ deploymentId: first, reason: "x".repeat(501) }, "reason"],
    ] as const) {
      const response = await patch(sre, incident, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.message).toContain(field);
    }
    expect((await patch(sre, "abc", { deploymentId: first, reason: "x" })).status).toBe(400);
  });
});
