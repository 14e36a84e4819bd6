import { z } from "zod";
import { costBreakdownTool } from "./cost-breakdown";
import { getAnomalyTool } from "./get-anomaly";
import { getDriftTool } from "./get-drift";
import { getSloTool } from "./get-slo";
import { getZombieFindingTool } from "./get-zombie-finding";
import { listAnomaliesTool } from "./list-anomalies";
import { listDriftTool } from "./list-drift";
import { listInventoryTool } from "./list-inventory";
import { listPolicyFindingsTool } from "./list-policy-findings";
import { listServicesTool } from "./list-services";
import { listSlosTool } from "./list-slos";
import { listZombieFindingsTool } from "./list-zombie-findings";
import { serviceSpendTool } from "./service-spend";
import type { AgentTool } from "./tool";

/** Every tool the agent and the MCP server offer. All read; none writes. A name not here is refused. */
export const READ_ONLY_TOOLS: readonly AgentTool[] = [
  listZombieFindingsTool,
  getZombieFindingTool,
  listDriftTool,
  getDriftTool,
  listPolicyFindingsTool,
  listAnomaliesTool,
  getAnomalyTool,
  listSlosTool,
  getSloTool,
  costBreakdownTool,
  listInventoryTool,
  listServicesTool,
  serviceSpendTool,
] as AgentTool[];

// A Map, not an object: a name such as "constructor" or "__proto__" must find nothing.
const BY_NAME = new Map(READ_ONLY_TOOLS.map((tool) => [tool.name, tool]));

export function toolByName(name: string): AgentTool | undefined {
  return BY_NAME.get(name);
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** The input schema as JSON Schema, as the model (OpenAI tools, MCP tools/list) reads it. */
  parameters: Record<string, unknown>;
}

/** The tools as the model sees them, narrowed to `names` when given. */
export function toolDefinitions(names?: readonly string[]): ToolDefinition[] {
  return READ_ONLY_TOOLS.filter((tool) => !names || names.includes(tool.name)).map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.inputSchema, { io: "input" }) as Record<
      string,
      unknown
    >;
    return { name: tool.name, description: tool.description, parameters };
  });
}
