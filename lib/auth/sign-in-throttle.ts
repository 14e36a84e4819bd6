import { SIGN_IN_LOCK } from "../advisory-locks";
import { transaction } from "../db";

/** Failed sign-ins allowed per account, and per client address, in the window. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;

interface Throttle {
  retryAfterSeconds: number;
  message: string;
}

/**
 * Counts recent failures in the audit trail itself (every failure is recorded there anyway), so
 * the limit holds across restarts and across every web process sharing the database.
 *
 * Called inside the sign-in's transaction, it first takes a lock on the account that lasts until
 * that transaction ends, after the attempt's own failure is recorded: concurrent attempts on one
 * account are tried one at a time, each counting the failures before it.
 */
export async function signInThrottle(email: string, sourceIp: string | null): Promise<Throttle | null> {
  const since = new Date(Date.now() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [row] = await transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGN_IN_LOCK}::int, hashtext(${email}))`;
    return tx.$queryRaw<{ account: number; address: number; oldest: Date | null }[]>`
    SELECT count(*) FILTER (WHERE target_id = ${email})::int AS account,
           count(*) FILTER (WHERE source_ip = ${sourceIp})::int AS address,
           min(at) FILTER (WHERE target_id = ${email} OR source_ip = ${sourceIp}) AS oldest
    FROM audit_entry
    WHERE action = 'auth.sign_in_failed' AND at > ${since}`;
  });
  const overAccount = row.account >= SIGN_IN_LIMITS.perAccount;
  const overAddress = sourceIp !== null && row.address >= SIGN_IN_LIMITS.perAddress;
  if (!overAccount && !overAddress) return null;
  const freeAt = (row.oldest?.getTime() ?? Date.now()) + SIGN_IN_LIMITS.windowMinutes * 60_000;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const who = overAccount ? "this account" : "your address";
  return {
    retryAfterSeconds,
    message: `Too many failed sign-ins for ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  };
}
