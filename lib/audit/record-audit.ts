import { AUDIT_CHAIN_LOCK } from "../advisory-locks";
import type { Ctx } from "../context";
import type { SqlTx } from "../db";
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

const INSERT_ENTRY = `INSERT INTO audit_entry (seq, at, actor_kind, actor_id, actor_label, role, action, target_type, target_id,
  summary, reason, request_id, source_ip, prev_hash, hash) VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15)`;
// Ordered by the bigint column: the text alias would sort "9" after "10".
const LAST_ENTRY = "SELECT seq::text AS seq, hash FROM audit_entry ORDER BY audit_entry.seq DESC LIMIT 1";

async function query<Row>(tx: SqlTx, sql: string, params: unknown[]): Promise<Row[]> {
  if ("$queryRawUnsafe" in tx) return tx.$queryRawUnsafe<Row[]>(sql, ...params);
  return (await tx.query(sql, params)).rows as Row[];
}

/**
 * Appends one entry in the caller's transaction, a Prisma one or a raw `pg` one, so the entry
 * exists exactly when the change does. It takes `tx` rather than opening its own for that reason.
 */
export async function recordAudit(tx: SqlTx, ctx: Ctx, event: AuditEvent): Promise<{ seq: bigint; hash: string }> {
  await query(tx, "SELECT pg_advisory_xact_lock($1::bigint)::text", [AUDIT_CHAIN_LOCK.toString()]);
  const [last] = await query<{ seq: string; hash: string }>(tx, LAST_ENTRY, []);
  const { content, prevHash, hash } = nextEntry(last ? { seq: BigInt(last.seq), hash: last.hash } : null, ctx, event);
  const c = content;
  await query(tx, INSERT_ENTRY, [
    c.seq.toString(),
    c.at,
    c.actorKind,
    c.actorId,
    c.actorLabel,
    c.role,
    c.action,
    c.targetType,
    c.targetId,
    JSON.stringify(c.summary),
    c.reason,
    c.requestId,
    c.sourceIp,
    prevHash,
    hash,
  ]);
  return { seq: c.seq, hash };
}
