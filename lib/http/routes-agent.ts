import type { RouteEntry } from "./routes";

/** The agent's routes (lib/http/routes.ts says what an entry means). */
export const AGENT_ROUTES: RouteEntry[] = [
  // MCP for other assistants: a `read` key (or a session) reaches the agent's read-only tools.
  { method: "POST", route: "/mcp", kind: "api", access: "read" },
];
