import type { Ctx } from "../context";
import type { Tx } from "../db";
import { type AuditContent, entryHash, GENESIS_HASH } from "./chain";

export interface AuditEvent {
  /** Dotted verb in the past tense of its area: `auth.sign_in`, `apikey.revoke`, `user.role_change`. */
  action: string;
  target: { type: string; id: string };
  /** Before/after of what changed; never secrets. */
  summary?: Record<string, unknown>;
  reason?: string | null;
}

// One chain for the whole trail: appends take this lock until their transaction ends, so two
// writers can not both link to the same previous entry.
const AUDIT_CHAIN_LOCK = 7_112_003;

/**
 * Appends one entry in the caller's transaction, so the entry exists exactly when the change does.
 * It takes `tx` rather than opening its own transaction for that reason.
 */
export async function recordAudit(tx: Tx, ctx: Ctx, event: AuditEvent): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const content: AuditContent = {
    seq: (last?.seq ?? 0n) + 1n,
    at: new Date(),
    actorKind: ctx.actor.kind,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    role: ctx.actor.role,
    action: event.action,
    targetType: event.target.type,
    targetId: event.target.id,
    summary: JSON.parse(JSON.stringify(event.summary ?? {})),
    reason: event.reason ?? null,
    requestId: ctx.requestId,
    sourceIp: ctx.sourceIp,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, content);
  await tx.auditEntry.create({ data: { ...content, summary: content.summary as object, prevHash, hash } });
  return { seq: content.seq, hash };
}
