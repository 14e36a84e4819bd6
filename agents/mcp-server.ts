import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { recordMcpCall } from "@/lib/audit/record-mcp-call";
import type { Ctx } from "@/lib/context";
import { getAgentSettings } from "@/lib/settings/get-agent-settings";
import { SYSTEM_PROMPT } from "./agent-prompt";
import { callTool } from "./call-tool";
import { redactValue } from "./redact";
import { toolDefinitions } from "./tools/registry";

/**
 * An MCP server offering the agent's read-only tools to other assistants, run with `ctx`, the
 * agent's own read-only actor for whoever connected. Answers are redacted, bounded data, as the
 * agent's own model gets them, and the admin's data-class setting applies to them too.
 */
export function createMcpServer(ctx: Ctx): Server {
  if (ctx.actor.kind !== "agent") throw new Error("createMcpServer: tools run with the agent's own actor only");
  const server = new Server(
    { name: "vigil", version: "0.1.0" },
    { capabilities: { tools: {} }, instructions: SYSTEM_PROMPT },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: toolDefinitions().map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.parameters as { type: "object"; [key: string]: unknown },
      annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const started = performance.now();
    const { dataClasses } = await getAgentSettings(ctx);
    const args = request.params.arguments ?? {};
    const result = await callTool(ctx, request.params.name, args, dataClasses);
    await recordMcpCall(ctx, {
      tool: request.params.name,
      arguments: JSON.stringify(redactValue(args).value).slice(0, 2000),
      refused: result.refused,
      isError: result.isError,
      redactions: result.redactions,
      durationMs: Math.round(performance.now() - started),
    });
    return { content: [{ type: "text" as const, text: result.content }], isError: result.isError };
  });
  return server;
}
