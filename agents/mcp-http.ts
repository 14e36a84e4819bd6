import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Ctx } from "@/lib/context";
import { agentCtx } from "./agent-ctx";
import { createMcpServer } from "./mcp-server";

/** Largest MCP request body: tool calls are small; anything near this is not one. */
const MAX_MCP_BODY = 256 * 1024;

/**
 * One streamable-HTTP MCP exchange for a caller already authenticated (a `read` key or a session):
 * stateless, a server per request, JSON answers rather than an event stream.
 */
export async function handleMcpRequest(ctx: Ctx, request: Request): Promise<Response> {
  const server = createMcpServer(agentCtx(ctx, "mcp"));
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_MCP_BODY,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}
