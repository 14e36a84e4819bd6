import type { RouteSample } from "./route-samples";

/** The agent's routes' samples for the access matrix (test/route-samples.ts says what a sample means). */
export function agentSamples(noSuchId: string): Record<string, RouteSample> {
  return {
    "GET /agent/[id]": { path: `/agent/${noSuchId}`, allowedStatus: 404 },
    "GET /api/v1/proposals/[id]": { path: `/api/v1/proposals/${noSuchId}`, allowedStatus: 404 },
    "POST /api/v1/proposals/[id]/decision": {
      path: `/api/v1/proposals/${noSuchId}/decision`,
      body: () => ({ decision: "reject", reason: "matrix" }),
      allowedStatus: 404,
    },
    "GET /api/v1/proposals/[id]/patch": { path: `/api/v1/proposals/${noSuchId}/patch`, allowedStatus: 404 },
    "POST /api/v1/proposals/generate": { body: () => ({}), allowedStatus: 200 },
    // An anomaly that does not exist: those allowed to ask get its 404, the rest a 403.
    "POST /api/v1/explanations": { body: () => ({ subject: `anomaly:${noSuchId}` }), allowedStatus: 404 },
    // An MCP ping: answered by any reader, changes nothing.
    "POST /mcp": {
      headers: { accept: "application/json, text/event-stream" },
      body: () => ({ jsonrpc: "2.0", id: 1, method: "ping" }),
    },
    "PATCH /api/v1/settings/agent": { body: () => ({ modelEnabled: true }), allowedStatus: 200 },
  };
}
