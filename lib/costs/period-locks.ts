import type pg from "pg";
import { BILLING_PERIOD_LOCK_SPACE } from "../advisory-locks";

/** What one import replaces: the lines of a provider's billing account for one billing period. */
export type PeriodKey = [provider: string, account: string, periodStart: string];

// Only imports of the same (provider, billing account, billing period) replace each other's
// lines, so only they take turns; a lock per key, in a fixed order so two imports covering
// overlapping keys can not deadlock. Held until the import's transaction ends.
const lockSql = (call: string) => `SELECT ${call}(hashtextextended($1, ${BILLING_PERIOD_LOCK_SPACE})) AS ok`;

/** The lock's name for one key; tests hold it to make an import wait. */
export const periodLockName = (key: PeriodKey) => key.join("\u001f");
export const PERIOD_LOCK_SQL = lockSql("pg_advisory_xact_lock");

/**
 * Locks every key in `client`'s transaction. When one is held by another import, `onWait` runs
 * first (the import then shows as queued), then it waits its turn. Says whether it waited.
 */
export async function lockPeriods(
  client: pg.ClientBase,
  keys: PeriodKey[],
  onWait: () => Promise<void>,
): Promise<boolean> {
  const names = [...new Set(keys.map(periodLockName))].sort();
  let waited = false;
  for (const name of names) {
    const { rows } = await client.query<{ ok: boolean }>(lockSql("pg_try_advisory_xact_lock"), [name]);
    if (rows[0].ok) continue;
    if (!waited) await onWait();
    waited = true;
    await client.query(PERIOD_LOCK_SQL, [name]);
  }
  return waited;
}
