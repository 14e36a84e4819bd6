import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { publicUrl } from "@/lib/env";
import { listProposals } from "@/lib/proposals/list-proposals";
import { storeProposal } from "@/lib/proposals/store-proposal";
import type { ProposalView } from "@/lib/proposals/types";
import { AS_OF, type AgentWorld, diffOf, instance, refactorOf, seedWorld } from "@/test/agent-proposals";
import { roleCtx } from "@/test/factories";
import { bearerKey, callRoute, sessionCookie } from "@/test/http-callers";
import { privateDatabaseForFile } from "@/test/private-database";

// The proposal routes as Next calls them: thin, so what is checked here is the HTTP side (status,
// shape, headers, who gets in); the verbs' own tests cover the rest.

privateDatabaseForFile("proposals_api");
let world: AgentWorld;
let reader: string;
let refactor: ProposalView;

beforeAll(async () => {
  world = await seedWorld();
  reader = await bearerKey(["read"]);
  const web = world.address.web;
  const answer = refactorOf([web], diffOf(instance(web, "t3.large"), instance(web, "t3.medium")));
  refactor = await storeProposal(roleCtx("admin"), { source: "llm", answer, asOf: AS_OF });
}, 60_000);

const json = (body: unknown, cookie: string) => ({
  headers: { cookie, origin: publicUrl(), "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("/api/v1/proposals", () => {
  it("lists with a next cursor and gets one, for a read key; hostile parameters are a 400", async () => {
    const list = await callRoute(
      { method: "GET", route: "/api/v1/proposals" },
      { path: "/api/v1/proposals?kind=refactor&limit=1", headers: { authorization: reader } },
    );
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: { id: string }[]; next: string | null };
    expect(page.items.map((item) => item.id)).toEqual([refactor.id]);
    expect(page).toHaveProperty("next");
    for (const query of ["limit=0", "limit=abc", "kind=%00", "cursor=zzz", "status=done"]) {
      const bad = await callRoute(
        { method: "GET", route: "/api/v1/proposals" },
        { path: `/api/v1/proposals?${query}`, headers: { authorization: reader } },
      );
      expect(bad.status, query).toBe(400);
    }
    const one = await callRoute(
      { method: "GET", route: "/api/v1/proposals/[id]" },
      { path: `/api/v1/proposals/${refactor.id}`, headers: { authorization: reader } },
    );
    expect(((await one.json()) as ProposalView).proposal).toMatchObject({ kind: "refactor" });
  });

  it("takes decisions from people allowed to decide, with 200 and the proposal as it now is", async () => {
    const decide = (body: unknown, cookie: string, id = refactor.id) =>
      callRoute(
        { method: "POST", route: "/api/v1/proposals/[id]/decision" },
        { path: `/api/v1/proposals/${id}/decision`, ...json(body, cookie) },
      );
    const viewer = await sessionCookie("viewer");
    const finops = await sessionCookie("finops");
    const sre = await sessionCookie("sre");
    expect((await decide({ decision: "approve", reason: "ok" }, viewer)).status).toBe(403);
    expect((await decide({ decision: "approve", reason: "ok" }, finops)).status).toBe(403);
    expect((await decide({ decision: "approve", reason: "a\u0000" }, sre)).status).toBe(400);
    expect((await decide({ decision: "approve", reason: "ok" }, sre, randomUUID())).status).toBe(404);
    const approved = await decide({ decision: "approve", reason: "the bill agrees" }, sre);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "approved", decisionReason: "the bill agrees" });
    expect((await decide({ decision: "reject", reason: "changed my mind" }, sre)).status).toBe(409);
  });

  it("downloads an approved proposal's patch as a git format-patch attachment, and nothing else", async () => {
    const patch = (id: string) =>
      callRoute(
        { method: "GET", route: "/api/v1/proposals/[id]/patch" },
        { path: `/api/v1/proposals/${id}/patch`, headers: { authorization: reader } },
      );
    // A proposal nobody approved has no patch.
    const web = world.address.web;
    const open = await storeProposal(roleCtx("admin"), {
      source: "llm",
      answer: refactorOf([web], diffOf(instance(web, "t3.large"), instance(web, "t3.small"))),
      asOf: AS_OF,
    });
    expect((await patch(open.id)).status).toBe(404);
    // The one approved in the test before got its patch at approval.
    const response = await patch(refactor.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/x-patch; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="vigil-proposal-${refactor.id}.patch"`,
    );
    const text = await response.text();
    expect(text).toMatch(/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\n/);
    expect(text).toContain('+  instance_type = "t3.medium"');
    expect((await patch("../../etc/passwd")).status).toBe(404);
  });

  it("runs a round of proposals for those who act on them, and stores an explanation asked for", async () => {
    const generate = (cookie: string) =>
      callRoute({ method: "POST", route: "/api/v1/proposals/generate" }, { ...json({}, cookie) });
    expect((await generate(await sessionCookie("viewer"))).status).toBe(403);
    const run = await generate(await sessionCookie("finops"));
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ source: "rule-based", runId: null });
    const explain = (body: unknown, cookie: string) =>
      callRoute({ method: "POST", route: "/api/v1/explanations" }, json(body, cookie));
    const sre = await sessionCookie("sre");
    const subject = `zombie:${world.findings.open}`;
    const stored = await explain({ subject }, sre);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ kind: "explanation", source: "rule-based", subject, status: "valid" });
    // Asked again, the open explanation is returned, not stored twice.
    const again = (await (await explain({ subject }, sre)).json()) as ProposalView;
    expect((await listProposals(roleCtx("viewer"), { subject })).items.map((item) => item.id)).toEqual([again.id]);
    for (const bad of [{}, { subject: "" }, { subject: "user:1" }, { subject: `zombie:\uD800` }, { subject, x: 1 }])
      expect((await explain(bad, sre)).status).toBe(400);
  });
});
