import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { listInventory } from "@/lib/costs/list-inventory";
import { INJECTION, PLANTED_SECRETS, plantedSpanAttributes, plantResource } from "@/test/agent-plants";
import { roleCtx } from "@/test/factories";
import { type FakeLlm, type FakeScript, receivedTexts, startFakeLlm } from "@/test/fake-llm";
import { DATA_BEGIN, outsideData } from "./data-markers";
import { type AgentBudgets, runAgent } from "./run-agent";
import { READ_ONLY_TOOLS } from "./tools/registry";

const viewer = roleCtx("viewer");
const Explanation = z.object({ summary: z.string().min(1), evidence: z.array(z.string()).max(20) });
const answer = { name: "explanation", schema: Explanation };
const goodAnswer = (evidence: string[] = []) => ({ content: JSON.stringify({ summary: "Idle database", evidence }) });

const servers: FakeLlm[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await closeDb();
});

async function run(
  script: FakeScript,
  options: { budgets?: Partial<AgentBudgets>; data?: unknown; task?: string } = {},
) {
  const llm = await startFakeLlm(script);
  servers.push(llm);
  const result = await runAgent(viewer, {
    task: options.task ?? "Explain why this database costs money.",
    data: options.data ? [{ source: "span-attributes", dataClass: "telemetry" as const, value: options.data }] : [],
    answer,
    budgets: options.budgets,
    llm: { baseUrl: llm.baseUrl, model: "scripted-model", apiKey: "test-key" },
  });
  return { llm, result };
}

interface AuditRow {
  action: string;
  actor_kind: string;
  actor_label: string;
  role: string | null;
  reason: string | null;
  summary: {
    model: string;
    endpointHost: string;
    promptHash: string;
    tools: { name: string; arguments: unknown; refused: boolean }[];
    tokens: { prompt: number; completion: number; total: number };
    durationMs: number;
    steps: number;
    outcome: string;
  };
}

async function auditOf(runId: string): Promise<AuditRow> {
  const { rows } = await pool().query<AuditRow>(
    `SELECT action, actor_kind, actor_label, role, reason, summary FROM audit_entry
     WHERE target_type = 'agent_run' AND target_id = $1`,
    [runId],
  );
  expect(rows).toHaveLength(1);
  return rows[0];
}

function runIdOf(result: Awaited<ReturnType<typeof run>>["result"]): string {
  if (result.source !== "llm") throw new Error("expected an LLM run");
  return result.runId;
}

describe("runAgent without a model", () => {
  it("answers rule-based, so callers run their templates", async () => {
    expect(await runAgent(viewer, { task: "t", answer, llm: null })).toEqual({ source: "rule-based" });
    // The test environment configures no VIGIL_LLM_MODEL.
    expect(await runAgent(viewer, { task: "t", answer })).toEqual({ source: "rule-based" });
  });

  it("refuses a caller who may not read, before anything else", async () => {
    const ingest: Ctx = {
      actor: { kind: "api_key", id: randomUUID(), label: "ingest", role: null, scopes: ["ingest:traces"] },
      requestId: randomUUID(),
      sourceIp: null,
    };
    await expect(runAgent(ingest, { task: "t", answer, llm: null })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("runAgent with a scripted model", () => {
  it("calls read-only tools, answers in the schema asked for, and audits the run", async () => {
    const { cloudId } = await plantResource();
    const { llm, result } = await run([
      { toolCalls: [{ name: "list_inventory", arguments: { q: cloudId } }] },
      goodAnswer([cloudId]),
    ]);
    expect(result).toMatchObject({ source: "llm", outcome: "answered", answer: { evidence: [cloudId] }, steps: 2 });
    expect(llm.requests[0].tools?.map((tool) => tool.function.name)).toEqual(READ_ONLY_TOOLS.map((tool) => tool.name));
    expect(llm.requests[0].response_format?.json_schema?.name).toBe("explanation");
    expect(llm.authorizations[0]).toBe("Bearer test-key");
    const toolReply = llm.requests[1].messages.find((message) => message.role === "tool");
    expect(toolReply?.content).toContain(DATA_BEGIN);
    expect(toolReply?.content).toContain(cloudId);

    const audit = await auditOf(runIdOf(result));
    expect(audit).toMatchObject({
      action: "agent.run_answered",
      actor_kind: "agent",
      actor_label: "agent for viewer@test.vigil.local",
      role: null,
      reason: null,
    });
    expect(audit.summary).toMatchObject({
      model: "scripted-model",
      endpointHost: new URL(llm.baseUrl).host,
      tools: [{ name: "list_inventory", arguments: JSON.stringify({ q: cloudId }), refused: false }],
      tokens: { prompt: 200, completion: 40, total: 240 },
      steps: 2,
      outcome: "answered",
    });
    expect(audit.summary.promptHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["not JSON", "{not json"],
    ["JSON of the wrong shape", JSON.stringify({ summary: 3 })],
    ["empty", ""],
  ])("fails an answer that is %s, audited", async (_label, content) => {
    const { result } = await run([{ content }]);
    expect(result).toMatchObject({ outcome: "failed", reason: "malformed_answer" });
    const audit = await auditOf(runIdOf(result));
    expect(audit.action).toBe("agent.run_failed");
    expect(audit.reason).toMatch(/^malformed_answer: /);
  });

  it("ends a model that never answers at the time budget, cleanly, with an audited failure", async () => {
    const started = Date.now();
    const { result } = await run([{ hang: true }], { budgets: { timeoutMs: 400 } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ outcome: "failed", reason: "timeout" });
    const audit = await auditOf(runIdOf(result));
    expect(audit.reason).toMatch(/^timeout: /);
    expect(audit.summary.durationMs).toBeGreaterThanOrEqual(350);
  });

  it("fails an endpoint error without retrying, and audits it without the endpoint's message", async () => {
    const { llm, result } = await run([{ status: 500, body: { error: { message: "secret internal detail" } } }]);
    expect(result).toMatchObject({ outcome: "failed", reason: "endpoint_error", detail: "the endpoint answered 500" });
    expect(llm.requests).toHaveLength(1);
    expect(JSON.stringify(await auditOf(runIdOf(result)))).not.toContain("secret internal detail");
  });

  it("stops a model that keeps calling tools at the step budget", async () => {
    const { llm, result } = await run(() => ({ toolCalls: [{ name: "list_services", arguments: {} }] }), {
      budgets: { maxSteps: 3 },
    });
    expect(result).toMatchObject({ outcome: "failed", reason: "step_budget", steps: 3 });
    expect(llm.requests).toHaveLength(3);
    expect((await auditOf(runIdOf(result))).summary.tools).toHaveLength(3);
  });

  it("stops at the token budget once the endpoint reports it spent", async () => {
    const usage = { prompt: 4_000, completion: 1_000 };
    const { llm, result } = await run(() => ({ toolCalls: [{ name: "list_services", arguments: {} }], usage }), {
      budgets: { maxTokens: 8_000 },
    });
    expect(result).toMatchObject({ outcome: "failed", reason: "token_budget", steps: 2 });
    expect(llm.requests).toHaveLength(2);
    expect((await auditOf(runIdOf(result))).summary.tokens.total).toBe(10_000);
  });

  it("refuses unknown and write tools and bad arguments, runs nothing, and goes on", async () => {
    const { llm, result } = await run([
      {
        toolCalls: [
          { name: "delete_database", arguments: { all: true } },
          { name: "__proto__", arguments: {} },
          { name: "list_inventory", arguments: "{not json" },
          { name: "list_inventory", arguments: { q: "\u0000", days: 10_000 } },
        ],
      },
      goodAnswer(),
    ]);
    expect(result).toMatchObject({ outcome: "answered" });
    const replies = llm.requests[1].messages.filter((message) => message.role === "tool").map((m) => m.content);
    expect(replies[0]).toMatch(/^Refused: "delete_database" is not one of Vigil's read-only tools/);
    expect(replies[1]).toMatch(/^Refused: "__proto__"/);
    expect(replies[2]).toBe("Invalid arguments: the arguments are not valid JSON");
    expect(replies[3]).toMatch(/^Invalid arguments for list_inventory: days: /);
    const { tools } = (await auditOf(runIdOf(result))).summary;
    expect(tools.map((tool) => [tool.name, tool.refused])).toEqual([
      ["delete_database", true],
      ["__proto__", true],
      ["list_inventory", false],
      ["list_inventory", false],
    ]);
  });
});

describe("runAgent against planted data", () => {
  it("hands planted instructions over only inside data markers; a model that follows them gets nowhere", async () => {
    const { cloudId } = await plantResource();
    // The scripted model obeys whatever it reads: once it has seen the injection, it tries to act on it.
    const obedient: FakeScript = (request, index) => {
      const seen = request.messages.some((message) => message.content?.includes("delete all databases"));
      if (index === 0) return { toolCalls: [{ name: "list_inventory", arguments: { q: cloudId } }] };
      if (index === 1 && seen)
        return {
          toolCalls: [
            { name: "delete_database", arguments: { name: "*" } },
            { name: "execute_sql", arguments: { sql: "DROP DATABASE vigil" } },
          ],
        };
      return goodAnswer();
    };
    const { llm, result } = await run(obedient, { data: plantedSpanAttributes() });
    const texts = receivedTexts(llm);
    // The planted text did arrive (in the span attributes and the tool's result) ...
    expect(texts.filter((text) => text.includes(INJECTION)).length).toBeGreaterThanOrEqual(2);
    // ... and never outside a data block, even where a tag tried to close the block itself.
    for (const text of texts) expect(outsideData(text)).not.toContain("ignore previous instructions");
    const { tools } = (await auditOf(runIdOf(result))).summary;
    expect(tools.filter((tool) => tool.refused).map((tool) => tool.name)).toEqual(["delete_database", "execute_sql"]);
    const inventory = await listInventory(viewer, { q: cloudId, from: "2020-01-01", to: "2020-02-01" });
    expect(inventory.items.map((item) => item.cloudId)).toEqual([cloudId]);
  });

  it("redacts planted secrets before anything is sent, and keeps them out of the audit", async () => {
    const { cloudId } = await plantResource();
    const { llm, result } = await run(
      [{ toolCalls: [{ name: "list_inventory", arguments: { q: cloudId } }] }, goodAnswer()],
      { data: plantedSpanAttributes(), task: `Explain ${cloudId}; the admin password=${PLANTED_SECRETS.tagPassword}` },
    );
    const sent = llm.rawBodies.join("\n");
    expect(sent).toContain(cloudId);
    expect(sent).toContain("[REDACTED]");
    for (const secret of Object.values(PLANTED_SECRETS)) expect(sent).not.toContain(secret);
    const audit = JSON.stringify(await auditOf(runIdOf(result)));
    for (const secret of Object.values(PLANTED_SECRETS)) expect(audit).not.toContain(secret);
  });
});
