import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { recordAudit } from "./record-audit";

export interface McpCallRecord {
  tool: string;
  /** The arguments as the client sent them, redacted and cut to a bounded JSON text by the caller. */
  arguments: string;
  refused: boolean;
  isError: boolean;
  redactions: number;
  durationMs: number;
}

/**
 * One audit entry per tool call another assistant made over MCP, written by the agent's own
 * read-only actor (its label names the key or person who connected): what left the building,
 * for whom, and when.
 */
export async function recordMcpCall(ctx: Ctx, call: McpCallRecord): Promise<void> {
  authorize(ctx, "read");
  if (ctx.actor.kind !== "agent") throw new Error("recordMcpCall: only the agent's own actor records MCP calls");
  await sqlTransaction((client) =>
    recordAudit(client, ctx, {
      action: "agent.mcp_tool_call",
      target: { type: "agent_tool", id: call.tool.slice(0, 80) },
      summary: { ...call, tool: call.tool.slice(0, 80) },
    }),
  );
}
