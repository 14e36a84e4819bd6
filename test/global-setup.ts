import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/runtime/embedded-postgres";
import type { MachineSize } from "@/runtime/embedded-postgres-settings";
import { applyMigrations } from "@/runtime/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** The application role, as Vigil's own processes connect: every test's DATABASE_URL. */
    databaseUrl: string;
    /** The owner (bootstrap superuser), for tests that must tamper or create databases. */
    ownerDatabaseUrl: string;
    /** The machine the suite's server was sized for (TEST_POSTGRES_MACHINE). */
    postgresMachine: MachineSize;
  }
}

/**
 * The suite's server is sized as for a 4 GiB, 2-core machine, not for the host: several suites and
 * the Vigil processes the runtime tests start share one machine, each with its own PostgreSQL, and
 * plans (parallel workers, sort memory) stay the same on every host. 1 GB of buffers, as before.
 */
const TEST_POSTGRES_MACHINE: MachineSize = { totalBytes: 4 * 2 ** 30, cpus: 2 };

/**
 * One real PostgreSQL for the whole run, migrated as the owner with the same command `npm start`
 * uses; tests connect as the application role, as Vigil does. Tests share it but never each
 * other's rows: each creates its own data with unique names and days.
 */
export default async function setup(project: TestProject) {
  const dataDir = path.join(os.tmpdir(), `vigil-test-${process.pid}-${Date.now()}`);
  const database = await startEmbeddedPostgres({ dataDir, machine: TEST_POSTGRES_MACHINE });
  await applyMigrations(database.ownerUrl);
  project.provide("databaseUrl", database.appUrl);
  project.provide("ownerDatabaseUrl", database.ownerUrl);
  project.provide("postgresMachine", TEST_POSTGRES_MACHINE);
  return async () => {
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
