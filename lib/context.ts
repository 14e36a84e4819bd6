import { randomUUID } from "node:crypto";
import { VigilError } from "./errors";

export const ROLES = ["viewer", "sre", "finops", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What an API key may be used for; areas add scopes as they add collectors. */
export const API_KEY_SCOPES = ["read", "ingest:traces", "ingest:billing", "ingest:iac", "ingest:delivery"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Everything a verb can be asked to do. Each verb names one of these on its first line. */
export const PERMISSIONS = [
  "read",
  "services:manage",
  "costs:manage",
  "ingest:traces",
  "ingest:billing",
  "ingest:iac",
  "ingest:delivery",
  "audit:read",
  "users:manage",
  "apikeys:manage",
  "settings:read",
  "settings:manage",
  "demo:load",
  "anomalies:triage",
  "runbooks:manage",
  "runbooks:run",
  "agent:run",
  "proposals:decide",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// viewer: executives read dashboards; sre: triage and SLOs; finops: spend, approvals, the audit
// trail; admin: everything, including people, keys and settings. agent:run asks the agent for
// proposals and explanations; proposals:decide reaches the decision, which then needs the kind's
// own permission (services:manage for a refactor, costs:manage for a teardown or an attribution).
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ["read"],
  sre: [
    "read",
    "services:manage",
    "ingest:traces",
    "ingest:iac",
    "ingest:delivery",
    "anomalies:triage",
    "runbooks:run",
    "agent:run",
    "proposals:decide",
  ],
  finops: ["read", "costs:manage", "ingest:billing", "ingest:iac", "audit:read", "agent:run", "proposals:decide"],
  admin: PERMISSIONS,
};

// Keys are for collectors and scripts: they never manage people, keys or read the audit trail.
const SCOPE_PERMISSIONS: Record<ApiKeyScope, readonly Permission[]> = {
  read: ["read"],
  "ingest:traces": ["ingest:traces"],
  "ingest:billing": ["ingest:billing"],
  "ingest:iac": ["ingest:iac"],
  "ingest:delivery": ["ingest:delivery"],
};

export interface Actor {
  kind: "user" | "api_key" | "system" | "agent";
  id: string;
  /** What the audit trail and the UI show: an email, a key name, a process name. */
  label: string;
  /** People and system processes have a role; API keys and signed webhooks have scopes instead. */
  role: Role | null;
  scopes: readonly ApiKeyScope[];
}

/** Passed as the first argument of every lib verb: who acts, and which request it belongs to. */
export interface Ctx {
  actor: Actor;
  requestId: string;
  sourceIp: string | null;
}

export function systemCtx(process: string): Ctx {
  return {
    actor: { kind: "system", id: process, label: `system:${process}`, role: "admin", scopes: [] },
    requestId: randomUUID(),
    sourceIp: null,
  };
}

/**
 * A webhook sender proven by its signature (GitHub, PagerDuty), not by a key: it may do what an
 * `ingest:delivery` key may, and its label names how it was proven.
 */
export function signedWebhookCtx(label: string, request: { requestId: string; sourceIp: string | null }): Ctx {
  return {
    actor: { kind: "system", id: label, label, role: null, scopes: ["ingest:delivery"] },
    requestId: request.requestId,
    sourceIp: request.sourceIp,
  };
}

export function userCtx(
  user: { id: string; email: string; role: Role },
  request: { requestId?: string; sourceIp?: string | null } = {},
): Ctx {
  return {
    actor: { kind: "user", id: user.id, label: user.email, role: user.role, scopes: [] },
    requestId: request.requestId ?? randomUUID(),
    sourceIp: request.sourceIp ?? null,
  };
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === "string" && (API_KEY_SCOPES as readonly string[]).includes(value);
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === "api_key" || actor.role === null)
    return actor.scopes.some((scope) => SCOPE_PERMISSIONS[scope].includes(permission));
  return actor.role !== null && ROLE_PERMISSIONS[actor.role].includes(permission);
}

/**
 * The first line of every verb. It runs before any lookup, so a refusal never tells whether the
 * object asked for exists.
 */
export function authorize(ctx: Ctx, permission: Permission): void {
  if (!can(ctx.actor, permission)) {
    throw new VigilError("forbidden", "You do not have permission to do this", { permission });
  }
}
