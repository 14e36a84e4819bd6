import pg from "pg";
import { useDatabase } from "@/lib/env";
import { applyMigrations } from "@/lib/runtime/migrate";

/**
 * A migrated database of the test file's own on the shared server, made this process's database.
 * For tests that break things for everyone else (tampering, failing constraints). Call it before
 * anything in the file touches the database.
 */
export async function usePrivateDatabase(label: string): Promise<string> {
  const shared = new URL(process.env.DATABASE_URL as string);
  const name = `${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: shared.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  shared.pathname = `/${name}`;
  const url = shared.toString();
  await applyMigrations(url);
  useDatabase(url, "external");
  return url;
}
