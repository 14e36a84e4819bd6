import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb } from "@/lib/db";
import { useDatabase } from "@/lib/env";
import { applyMigrations } from "@/runtime/migrate";

/**
 * A migrated database of the test file's own on the shared server, made this process's database
 * (connected as the application role, like the shared one). For tests that break things for
 * everyone else (tampering, failing constraints). Call it before anything in the file touches the
 * database. Returns the app role's URL; `ownerUrl()` gives the owner's, for tampering.
 */
export async function usePrivateDatabase(label: string): Promise<string> {
  const name = databaseName(label);
  const admin = new pg.Client({ connectionString: inject("ownerDatabaseUrl") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(inject("databaseUrl"), name);
  await applyMigrations(ownerUrl(url));
  useDatabase(url, "external");
  return url;
}

/**
 * The test file's hooks for a private database: made before its tests (see usePrivateDatabase),
 * its pool closed after them. Returns a getter of the app role's URL, set once the file starts.
 */
export function privateDatabaseForFile(label: string): () => string {
  let url = "";
  beforeAll(async () => {
    url = await usePrivateDatabase(label);
  }, 60_000);
  afterAll(async () => {
    await closeDb();
  });
  return () => url;
}

/** The owner's URL of the database at `url` on the shared server (by default the shared database). */
export function ownerUrl(url?: string): string {
  const shared = inject("ownerDatabaseUrl");
  return url ? withDatabase(shared, new URL(url).pathname.slice(1)) : shared;
}

/** Runs SQL as the owner of the database at `url`, as an attacker or a broken migration would. */
export async function asOwner(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl(url) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseName(label: string): string {
  return `${label}_${process.pid}_${Date.now()}`;
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}
