import type { RouteEntry } from "./routes";

/** The agent's routes (lib/http/routes.ts says what an entry means). */
export const AGENT_ROUTES: RouteEntry[] = [
  // Agent suggestions and a proposal's page: anyone who reads; the decision form shows by kind.
  { method: "GET", route: "/agent", kind: "page", access: "read", query: ["kind", "status", "cursor"] },
  { method: "GET", route: "/agent/[id]", kind: "page", access: "read" },
  // MCP for other assistants: a `read` key (or a session) reaches the agent's read-only tools.
  { method: "POST", route: "/mcp", kind: "api", access: "read" },
  // What may leave the building and whether the configured model is used: admins read and change.
  { method: "GET", route: "/api/v1/settings/agent", kind: "api", access: "settings:read" },
  { method: "PATCH", route: "/api/v1/settings/agent", kind: "api", access: "settings:manage" },
  // Proposals: read by anyone; decided by SREs (refactors) and FinOps (teardowns, attributions),
  // which the verb checks by kind; generated and explanations asked for by those who act on them.
  {
    method: "GET",
    route: "/api/v1/proposals",
    kind: "api",
    access: "read",
    query: ["kind", "status", "source", "subject", "cursor", "limit"],
  },
  { method: "GET", route: "/api/v1/proposals/[id]", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/proposals/[id]/decision", kind: "api", access: "proposals:decide" },
  { method: "GET", route: "/api/v1/proposals/[id]/patch", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/proposals/generate", kind: "api", access: "agent:run" },
  { method: "POST", route: "/api/v1/explanations", kind: "api", access: "agent:run" },
];
