import { authorize, type Ctx } from "@/lib/context";

/**
 * The agent's own actor for a run someone asked for: it may read and nothing else, whatever the
 * role of who asked (an admin's question does not give the agent an admin's reach), and it is
 * refused when the one who asked may not read either. The label names who asked, for the audit.
 */
export function agentCtx(requestedBy: Ctx, via: "agent" | "mcp" = "agent"): Ctx {
  authorize(requestedBy, "read");
  const who = requestedBy.actor;
  return {
    actor: {
      kind: "agent",
      id: `${via}:${who.kind}:${who.id}`.slice(0, 200),
      label: `${via} for ${who.label}`.slice(0, 200),
      role: null,
      scopes: ["read"],
    },
    requestId: requestedBy.requestId,
    sourceIp: requestedBy.sourceIp,
  };
}
