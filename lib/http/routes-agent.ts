import type { RouteEntry } from "./routes";

/** The agent's routes (lib/http/routes.ts says what an entry means). */
export const AGENT_ROUTES: RouteEntry[] = [
  // MCP for other assistants: a `read` key (or a session) reaches the agent's read-only tools.
  { method: "POST", route: "/mcp", kind: "api", access: "read" },
  // What may leave the building and whether the configured model is used: admins read and change.
  { method: "GET", route: "/api/v1/settings/agent", kind: "api", access: "settings:read" },
  { method: "PATCH", route: "/api/v1/settings/agent", kind: "api", access: "settings:manage" },
];
