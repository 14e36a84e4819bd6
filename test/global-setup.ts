import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { applyMigrations } from "@/lib/runtime/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole run, migrated with the same command `npm start` uses. Tests
 * share it but never each other's rows: each creates its own data with unique names and days.
 */
export default async function setup(project: TestProject) {
  const dataDir = path.join(os.tmpdir(), `vigil-test-${process.pid}-${Date.now()}`);
  const database = await startEmbeddedPostgres({ dataDir });
  await applyMigrations(database.url);
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
