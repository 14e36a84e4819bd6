import { randomUUID } from "node:crypto";
import { VigilError } from "./errors";

export const ROLES = ["viewer", "sre", "finops", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  kind: "user" | "api_key" | "system" | "agent";
  id: string;
  role: Role;
}

/** Passed as the first argument of every lib verb: who acts, and which request it belongs to. */
export interface Ctx {
  actor: Actor;
  requestId: string;
}

export function systemCtx(process: string): Ctx {
  return { actor: { kind: "system", id: process, role: "admin" }, requestId: randomUUID() };
}

/**
 * The actor for console pages and API reads until sign-in exists: a read-only viewer, so no page
 * can change anything unauthenticated. The access issue replaces this with the session's user.
 */
export function consoleCtx(requestId: string = randomUUID()): Ctx {
  return { actor: { kind: "user", id: "local-viewer", role: "viewer" }, requestId };
}

/** The first line of every verb. Admin may do everything. */
export function requireRole(ctx: Ctx, allowed: readonly Role[]): void {
  if (ctx.actor.role === "admin" || allowed.includes(ctx.actor.role)) return;
  throw new VigilError("forbidden", "You do not have permission to do this");
}

export const ANY_ROLE: readonly Role[] = ROLES;
