import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb } from "@/lib/db";
import { useDatabase } from "@/lib/env";
import { startEmbeddedPostgres } from "@/runtime/embedded-postgres";
import { applyMigrations } from "@/runtime/migrate";

/**
 * For benchmarks: a migrated embedded PostgreSQL in a temporary directory, made this process's
 * database for `work`, then stopped and removed. Failures print and exit 1.
 */
export function runWithThrowawayDatabase(
  label: string,
  work: (db: { url: string; dataDir: string }) => Promise<void>,
): void {
  const dataDir = path.join(os.tmpdir(), `vigil-${label}-${process.pid}-${Date.now()}`);
  (async () => {
    const database = await startEmbeddedPostgres({ dataDir });
    try {
      // Benchmarks load, truncate and analyze tables, which only the owner may.
      await applyMigrations(database.ownerUrl);
      useDatabase(database.ownerUrl, "embedded");
      await work({ url: database.ownerUrl, dataDir });
    } finally {
      await closeDb();
      await database.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
