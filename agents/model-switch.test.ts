import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pool } from "@/lib/db";
import { agentMode } from "@/lib/settings/agent-mode";
import { getAgentSettings } from "@/lib/settings/get-agent-settings";
import { updateAgentSettings } from "@/lib/settings/update-agent-settings";
import { roleCtx } from "@/test/factories";
import { type FakeLlm, startFakeLlm } from "@/test/fake-llm";
import { privateDatabaseForFile } from "@/test/private-database";
import { runAgent } from "./run-agent";

// An admin can switch a configured model off: every run is then rule-based and nothing reaches
// the endpoint. A database of its own, since the switch is global.

privateDatabaseForFile("agent_model_switch");
const admin = roleCtx("admin");
const servers: FakeLlm[] = [];
afterAll(async () => Promise.all(servers.map((server) => server.close())));

const answer = { name: "summary", schema: z.object({ summary: z.string() }) };

async function runWith(llm: FakeLlm) {
  return runAgent(roleCtx("viewer"), {
    task: "Summarise.",
    answer,
    llm: { baseUrl: llm.baseUrl, model: "scripted-model", apiKey: null },
  });
}

describe("the model switch", () => {
  it("runs rule-based while switched off and calls the model again once switched on, audited both ways", async () => {
    const llm = await startFakeLlm(() => ({ content: JSON.stringify({ summary: "ok" }) }));
    servers.push(llm);
    expect(await getAgentSettings(admin)).toMatchObject({ modelEnabled: true });

    await updateAgentSettings(admin, { modelEnabled: false });
    expect(await runWith(llm)).toEqual({ source: "rule-based" });
    expect(llm.requests).toHaveLength(0);
    // The data classes were left as they were.
    expect(await getAgentSettings(admin)).toMatchObject({
      modelEnabled: false,
      dataClasses: ["telemetry", "costs", "inventory", "findings"],
    });

    await updateAgentSettings(admin, { modelEnabled: true });
    expect(await runWith(llm)).toMatchObject({ source: "llm", outcome: "answered", answer: { summary: "ok" } });
    expect(llm.requests).toHaveLength(1);

    const { rows } = await pool().query<{
      summary: { before: { modelEnabled: boolean }; after: { modelEnabled: boolean } };
    }>("SELECT summary FROM audit_entry WHERE action = 'agent.settings_change' ORDER BY seq");
    expect(rows.map((row) => [row.summary.before.modelEnabled, row.summary.after.modelEnabled])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it("says rule-based without a configured model whatever the switch says", async () => {
    // The test environment configures no VIGIL_LLM_MODEL.
    expect(await agentMode(admin)).toEqual({ mode: "rule-based", model: null, endpointHost: null, modelEnabled: true });
  });

  it.each([
    ["neither field", {}],
    ["a string for the switch", { modelEnabled: "false" }],
    ["null", { modelEnabled: null }],
    ["an extra field", { modelEnabled: true, model: "gpt" }],
  ])("refuses %s with a 400", async (_label, input) => {
    await expect(updateAgentSettings(admin, input)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("lets only admins switch the model", async () => {
    for (const role of ["viewer", "sre", "finops"] as const)
      await expect(updateAgentSettings(roleCtx(role), { modelEnabled: false })).rejects.toMatchObject({
        code: "forbidden",
      });
  });
});
