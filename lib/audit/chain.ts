import { createHash } from "node:crypto";

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** What an entry says; its hash covers exactly these fields and the previous entry's hash. */
export interface AuditContent {
  seq: bigint;
  at: Date;
  actorKind: string;
  actorId: string;
  actorLabel: string;
  role: string | null;
  action: string;
  targetType: string;
  targetId: string;
  summary: unknown;
  reason: string | null;
  requestId: string;
  sourceIp: string | null;
}

/** JSON with object keys sorted at every level, so jsonb's own key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

export function entryHash(prevHash: string, content: AuditContent): string {
  const body = canonicalJson({
    seq: content.seq.toString(),
    at: content.at.toISOString(),
    actorKind: content.actorKind,
    actorId: content.actorId,
    actorLabel: content.actorLabel,
    role: content.role,
    action: content.action,
    targetType: content.targetType,
    targetId: content.targetId,
    summary: content.summary,
    reason: content.reason,
    requestId: content.requestId,
    sourceIp: content.sourceIp,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
