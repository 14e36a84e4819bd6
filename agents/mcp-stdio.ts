import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { systemCtx } from "@/lib/context";
import { agentCtx } from "./agent-ctx";
import { createMcpServer } from "./mcp-server";

/**
 * `npm run vigil -- mcp`: the read-only tools over stdin and stdout for an assistant on this
 * machine, until stdin closes. Whoever can run the command can read the database anyway; the
 * tools still run with the agent's read-only actor.
 */
export async function serveMcpStdio(): Promise<void> {
  const server = createMcpServer(agentCtx(systemCtx("mcp-stdio"), "mcp"));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    process.stdin.once("end", resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
