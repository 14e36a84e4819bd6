import type pg from "pg";
import { BILLING_IMPORT_LOCK_SPACE } from "../advisory-locks";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";

// An import holds a transaction-scoped advisory lock on its own id while it runs or waits. When
// the process importing it dies, PostgreSQL ends the transaction and the lock goes with it: an
// import still listed as running or queued with nobody holding its lock was interrupted.

/** Time for a new import to take its lock after its row is written. */
const GRACE = "1 minute";

/** Takes the import's own lock in `client`'s open transaction. */
export async function holdImportLock(client: pg.ClientBase, importId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, $2))", [importId, BILLING_IMPORT_LOCK_SPACE]);
}

/**
 * Marks failed the imports listed as running or queued whose lock nobody holds, so the Imports
 * page never shows one as running forever; their lines were rolled back with their transaction.
 */
export async function failInterruptedImports(ctx: Ctx): Promise<string[]> {
  authorize(ctx, "ingest:billing");
  const { rows } = await pool().query<{ id: string }>(
    `UPDATE billing_import b
        SET status = 'failed', error = '{"message":"interrupted: the process importing it stopped before it finished; nothing was stored, import the file again"}'::jsonb
      WHERE b.status IN ('running', 'queued') AND b.created_at < now() - interval '${GRACE}'
        AND NOT EXISTS (
          SELECT 1 FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
             AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(b.id::text, $1)
        )
      RETURNING b.id`,
    [BILLING_IMPORT_LOCK_SPACE],
  );
  return rows.map((row) => row.id);
}
