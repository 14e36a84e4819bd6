import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { DATA_CLASSES } from "@/lib/settings/agent-settings-schema";
import { getAgentSettings } from "@/lib/settings/get-agent-settings";
import { updateAgentSettings } from "@/lib/settings/update-agent-settings";
import { plantResource } from "@/test/agent-plants";
import { roleCtx } from "@/test/factories";
import { agentCtx } from "../agent-ctx";
import { callTool } from "../call-tool";
import { DATA_BEGIN, DATA_END } from "../data-markers";
import { READ_ONLY_TOOLS, toolDefinitions } from "./registry";

const agent = agentCtx(roleCtx("admin"));
const ALL = DATA_CLASSES;

afterAll(() => closeDb());

/** The JSON between a tool result's data markers. */
function dataOf(content: string): unknown {
  expect(content.startsWith(DATA_BEGIN)).toBe(true);
  expect(content.endsWith(DATA_END)).toBe(true);
  return JSON.parse(content.slice(content.indexOf("\n") + 1, content.lastIndexOf("\n")));
}

/** The smallest valid arguments of each tool. */
const MINIMAL: Record<string, Record<string, unknown>> = {
  get_zombie_finding: { id: randomUUID() },
  get_drift: { id: randomUUID() },
  get_anomaly: { id: randomUUID() },
  get_slo: { id: "999999999999" },
  service_spend: { service: "payments-api" },
};

describe("the read-only tools", () => {
  it("give the model an object JSON Schema and a description each, under unique names", () => {
    const definitions = toolDefinitions();
    expect(new Set(definitions.map((tool) => tool.name)).size).toBe(READ_ONLY_TOOLS.length);
    for (const tool of definitions) {
      expect(tool.parameters).toMatchObject({ type: "object" });
      expect(tool.parameters).not.toHaveProperty("$schema");
      expect(tool.description.length).toBeGreaterThan(20);
    }
    expect(toolDefinitions(["get_slo", "no_such_tool"]).map((tool) => tool.name)).toEqual(["get_slo"]);
  });

  it("run with an admin's question as the agent's read-only actor, never with the admin's role", () => {
    expect(agent.actor).toMatchObject({ kind: "agent", role: null, scopes: ["read"] });
  });

  it.each(READ_ONLY_TOOLS.map((tool) => [tool.name]))("%s answers as data, or says what was missing", async (name) => {
    const result = await callTool(agent, name, MINIMAL[name] ?? {}, ALL);
    expect(result.refused).toBe(false);
    if (name in MINIMAL && name !== "service_spend") {
      expect(result).toMatchObject({ isError: true });
      expect(result.content).toMatch(/: not_found: /);
    } else {
      expect(result.isError).toBe(false);
      const data = dataOf(result.content) as Record<string, unknown>;
      expect(data).toBeTypeOf("object");
    }
  });

  it("bounds list results and says so", async () => {
    const { cloudId } = await plantResource();
    const result = await callTool(agent, "list_inventory", { q: cloudId }, ALL);
    expect(dataOf(result.content)).toMatchObject({ items: [{ cloudId }], truncated: false, note: "All 1 items." });
  });

  it.each([
    ["a wrong type", "list_inventory", { days: "30" }],
    ["an unknown field", "list_services", { admin: true }],
    ["a 10 KB filter", "list_zombie_findings", { q: "x".repeat(10_000) }],
    ["a lone surrogate id", "get_drift", { id: "\uD800" }],
    ["a NUL id", "get_slo", { id: "1\u0000" }],
    ["an overflowing id", "get_slo", { id: "9".repeat(40) }],
    ["a non-object", "list_slos", "list everything"],
  ])("refuses %s as invalid arguments, without throwing", async (_label, name, args) => {
    const result = await callTool(agent, name, args, ALL);
    expect(result).toMatchObject({ isError: true, refused: false });
    expect(result.content).toMatch(new RegExp(`^Invalid arguments for ${name}: `));
  });

  it("refuses names outside the registry, inherited names included", async () => {
    for (const name of ["delete_database", "constructor", "__proto__", "toString", "", "x".repeat(10_000)]) {
      const result = await callTool(agent, name, {}, ALL);
      expect(result).toMatchObject({ refused: true, isError: true });
      expect(result.content.length).toBeLessThan(200);
    }
  });

  it("runs only with the agent's own actor", async () => {
    await expect(callTool(roleCtx("admin"), "list_services", {}, ALL)).rejects.toThrow(/agent's own actor/);
  });
});

describe("the agent's data-class setting", () => {
  it("withholds a class an admin keeps inside, and only admins may change it", async () => {
    await expect(updateAgentSettings(roleCtx("finops"), { dataClasses: [] })).rejects.toMatchObject({
      code: "forbidden",
    });
    // Telemetry only: the other test files running at once use no telemetry tool.
    await updateAgentSettings(roleCtx("admin"), { dataClasses: ["inventory", "costs", "findings", "costs"] });
    try {
      const settings = await getAgentSettings(agent);
      expect(settings.dataClasses).toEqual(["costs", "inventory", "findings"]);
      const withheld = await callTool(agent, "get_anomaly", { id: randomUUID() }, settings.dataClasses);
      expect(withheld).toMatchObject({ isError: true, refused: false });
      expect(withheld.content).toBe("Withheld: an admin setting keeps telemetry data inside Vigil.");
    } finally {
      await updateAgentSettings(roleCtx("admin"), { dataClasses: [...DATA_CLASSES] });
    }
    expect((await getAgentSettings(agent)).dataClasses).toEqual([...DATA_CLASSES]);
  });

  it.each([
    ["an unknown class", { dataClasses: ["secrets"] }],
    ["an extra field", { dataClasses: [], everything: true }],
    ["no list", {}],
    ["a NUL class", { dataClasses: ["costs\u0000"] }],
    ["too many", { dataClasses: Array.from({ length: 100 }, () => "costs") }],
  ])("refuses %s", async (_label, input) => {
    await expect(updateAgentSettings(roleCtx("admin"), input)).rejects.toMatchObject({ code: "bad_request" });
  });
});
