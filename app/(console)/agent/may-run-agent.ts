import { type Actor, can } from "@/lib/context";

/**
 * Who may ask the agent for proposals or an explanation: SREs, FinOps and admins, the holders of
 * `agent:run` on branch agent-prop (use can(actor, "agent:run") once that permission is merged).
 */
export const mayRunAgent = (actor: Actor): boolean => can(actor, "services:manage") || can(actor, "costs:manage");
