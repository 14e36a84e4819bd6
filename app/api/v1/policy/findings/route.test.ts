import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importStateFile } from "@/collectors/iac/import-state-file";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { expireWaivers } from "@/lib/policy/expire-waivers";
import { uniqueName } from "@/test/factories";
import { bearerKey, callHandler, callRoute, sessionCookie } from "@/test/http-callers";
import { POST as waive } from "./[id]/waiver/route";

// Findings over imported states end to end: found on import, resolved when fixed, listed a page at
// a time, waived by FinOps with an audit entry, reopened when the waiver ends.

const ctx = systemCtx("test");
const STATE = JSON.parse(readFileSync("lib/policy/fixtures/driftctl-aws_lb_listener.tfstate", "utf8"));
const LIST = { method: "GET", route: "/api/v1/policy/findings" } as const;

let reader: string;

function stateWith(lineage: string, serial: number, listenerProtocol: string) {
  const state = structuredClone(STATE);
  state.lineage = lineage;
  state.serial = serial;
  const listener = state.resources.find((r: { type: string }) => r.type === "aws_lb_listener");
  listener.instances[0].attributes.protocol = listenerProtocol;
  return JSON.stringify(state);
}

async function findingsOf(stateId: string) {
  const { rows } = await pool().query<{ id: string; rule_id: string; address: string; status: string }>(
    "SELECT id, rule_id, address, status FROM policy_finding WHERE source_key = $1 ORDER BY rule_id, address",
    [`state:${stateId}`],
  );
  return rows;
}

const list = async (query: string, auth = reader) =>
  callRoute(LIST, { path: `${LIST.route}${query}`, headers: { authorization: auth } });

describe("policy findings over imported states (PostgreSQL)", () => {
  beforeAll(async () => {
    reader = await bearerKey(["read"]);
  });
  afterAll(closeDb);

  it("a state import opens findings with evidence; a fixed listener resolves, a regression reopens", async () => {
    const lineage = uniqueName("lineage");
    const first = await importStateFile(ctx, { name: "lb.tfstate", text: stateWith(lineage, 1, "HTTP") });
    const open = await findingsOf(first.stateId);
    const tls = open.find((f) => f.rule_id === "tls-only-listeners");
    expect(tls).toMatchObject({ address: "aws_lb_listener.front_end", status: "open" });
    const evidence = await pool().query("SELECT evidence FROM policy_finding WHERE id = $1", [tls?.id]);
    expect(evidence.rows[0].evidence.attributes).toMatchObject({ port: 80, protocol: "HTTP" });

    await importStateFile(ctx, { name: "lb.tfstate", text: stateWith(lineage, 2, "HTTPS") });
    expect((await findingsOf(first.stateId)).find((f) => f.id === tls?.id)?.status).toBe("resolved");
    await importStateFile(ctx, { name: "lb.tfstate", text: stateWith(lineage, 3, "HTTP") });
    expect((await findingsOf(first.stateId)).find((f) => f.id === tls?.id)?.status).toBe("open");
    const events = await pool().query("SELECT action FROM policy_finding_event WHERE finding_id = $1 ORDER BY id", [
      tls?.id,
    ]);
    expect(events.rows.map((row) => row.action)).toEqual(["found", "resolved", "reopened"]);
  });

  it("lists findings most severe first, a page at a time, with filters", async () => {
    await importStateFile(ctx, { name: "lb.tfstate", text: stateWith(uniqueName("lineage"), 1, "HTTP") });
    const seen: { severity: string; id: string }[] = [];
    let cursor = "";
    for (let page = 0; page < 50; page++) {
      const response = await list(`?status=open&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: { severity: string; id: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      if (!body.nextCursor || seen.length > 40) break;
      cursor = body.nextCursor;
    }
    expect(new Set(seen.map((f) => f.id)).size).toBe(seen.length);
    const ranks = seen.map((f) => ["critical", "high", "medium", "low", "info"].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const high = (await (await list("?severity=high&tool=vigil")).json()) as {
      items: { severity: string; tool: string }[];
    };
    expect(high.items.length).toBeGreaterThan(0);
    expect(high.items.every((f) => f.severity === "high" && f.tool === "vigil")).toBe(true);
  });

  it.each([
    ["status=closed", /status: must be one of open, resolved, waived/],
    ["severity=urgent", /severity: must be one of/],
    ["tool=semgrep", /tool: must be one of/],
    ["limit=0", /limit: /],
    ["limit=99999999999999999999", /limit: /],
    ["cursor=not-a-cursor", /cursor: is not a cursor/],
    [`cursor=${Buffer.from("9/x").toString("base64url")}`, /cursor: /],
    ["environment=%00", /environment: /],
  ])("refuses ?%s with a 400 naming the field", async (query, pattern) => {
    const response = await list(`?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(pattern);
  });

  it("FinOps waives a finding with a reason (audited); a viewer may not; the waiver's end reopens it", async () => {
    const first = await importStateFile(ctx, { name: "w.tfstate", text: stateWith(uniqueName("lineage"), 1, "HTTP") });
    const target = (await findingsOf(first.stateId)).find((f) => f.rule_id === "tls-only-listeners");
    const path = `/api/v1/policy/findings/${target?.id}/waiver`;
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const send = async (role: "viewer" | "finops", body: unknown) =>
      callHandler(
        waive,
        path,
        {
          method: "POST",
          headers: { cookie: await sessionCookie(role), "content-type": "application/json" },
          body: JSON.stringify(body),
        },
        { id: String(target?.id) },
      );
    expect((await send("viewer", { reason: "x", until })).status).toBe(403);
    const bad = await send("finops", { reason: "legacy", until: "2020-01-01T00:00:00Z" });
    expect(bad.status).toBe(400);
    expect((await send("finops", { reason: "  ", until })).status).toBe(400);
    expect((await send("finops", { reason: "x", until, extra: 1 })).status).toBe(400);
    const ok = await send("finops", { reason: "internal listener until the ALB migration", until });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      status: "waived",
      waiver: { reason: "internal listener until the ALB migration" },
    });
    const audit = await pool().query("SELECT action, reason FROM audit_entry WHERE target_id = $1", [target?.id]);
    expect(audit.rows).toEqual([{ action: "policy.waive", reason: "internal listener until the ALB migration" }]);

    await expireWaivers(ctx, new Date(Date.now() + 8 * 86_400_000));
    expect((await findingsOf(first.stateId)).find((f) => f.id === target?.id)?.status).toBe("open");
  });
});
