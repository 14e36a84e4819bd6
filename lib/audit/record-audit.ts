import type pg from "pg";
import { AUDIT_CHAIN_LOCK } from "../advisory-locks";
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


type Last = { seq: bigint; hash: string } | null;

/** The entry that follows `last`, and its hash: the one place an entry is composed. */
function nextEntry(last: Last, ctx: Ctx, event: AuditEvent): { content: AuditContent; prevHash: string; hash: string } {
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
  return { content, prevHash, hash: entryHash(prevHash, content) };
}

/**
 * Appends one entry in the caller's transaction, so the entry exists exactly when the change does.
 * It takes `tx` rather than opening its own transaction for that reason.
 */
export async function recordAudit(tx: Tx, ctx: Ctx, event: AuditEvent): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const { content, prevHash, hash } = nextEntry(last, ctx, event);
  await tx.auditEntry.create({ data: { ...content, summary: content.summary as object, prevHash, hash } });
  return { seq: content.seq, hash };
}

/**
 * The same append inside a raw `pg` transaction the caller has begun on `client` (the billing
 * import's COPY runs on one), so the entry commits, or rolls back, with the change.
 */
export async function recordAuditOn(client: pg.ClientBase, ctx: Ctx, event: AuditEvent): Promise<{ seq: bigint; hash: string }> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_CHAIN_LOCK]);
  const { rows } = await client.query<{ seq: string; hash: string }>("SELECT seq::text AS seq, hash FROM audit_entry ORDER BY audit_entry.seq DESC LIMIT 1");
  const { content, prevHash, hash } = nextEntry(rows[0] ? { seq: BigInt(rows[0].seq), hash: rows[0].hash } : null, ctx, event);
  await client.query(
    `INSERT INTO audit_entry (seq, at, actor_kind, actor_id, actor_label, role, action, target_type, target_id, summary, reason, request_id, source_ip, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15)`,
    [
      content.seq.toString(), content.at, content.actorKind, content.actorId, content.actorLabel, content.role, content.action, content.targetType,
      content.targetId, JSON.stringify(content.summary), content.reason, content.requestId, content.sourceIp, prevHash, hash,
    ],
  );
  return { seq: content.seq, hash };
}
