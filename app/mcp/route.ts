import { handleMcpRequest } from "@/agents/mcp-http";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** MCP over streamable HTTP (JSON-RPC in the body): the agent's read-only tools for other assistants. */
export const POST = apiRoute("POST /mcp", (ctx, request) => handleMcpRequest(ctx, request));
