import pg from "pg";
import { databaseServer, databaseTarget } from "@/lib/database-target";
import { dataDir, env, useDatabase } from "@/lib/env";
import { ConfigError } from "@/lib/errors";
import { APP_ROLE } from "./app-role";
import { runningEmbeddedUrl, startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./migrate";

export interface RunningDatabase {
  mode: "embedded" | "external";
  /** What the app connects as: the application role (embedded), DATABASE_URL (external). */
  url: string;
  /** What migrations run as: the owner (embedded), VIGIL_MIGRATION_DATABASE_URL else DATABASE_URL. */
  migrationUrl: string;
  description: string;
  stop(): Promise<void>;
}

export interface MigratedDatabase extends RunningDatabase {
  appliedMigrations: number;
}

/**
 * Opens the configured database (external, or the embedded one under VIGIL_DATA_DIR), applies
 * pending migrations as the owner and makes it this process's database, connected as the app;
 * on failure the embedded server stops.
 */
export async function openMigratedDatabase(): Promise<MigratedDatabase> {
  const settings = env();
  const database = await openDatabase({
    url: settings.DATABASE_URL,
    migrationUrl: settings.VIGIL_MIGRATION_DATABASE_URL,
    dataDir: dataDir(),
    embeddedPort: settings.VIGIL_PG_PORT,
  });
  try {
    const { applied } = await applyMigrations(database.migrationUrl);
    useDatabase(database.url, database.mode);
    return { ...database, appliedMigrations: applied };
  } catch (err) {
    await database.stop();
    throw err;
  }
}

/**
 * For operator commands: DATABASE_URL, else the embedded database of a running `npm start`, else
 * the embedded database started just for this command (and stopped by `stop()`).
 */
export async function openDatabaseForCommand(): Promise<MigratedDatabase> {
  const settings = env();
  const running = settings.DATABASE_URL ? undefined : runningEmbeddedUrl(dataDir());
  if (!running) return openMigratedDatabase();
  await assertReachable(running);
  useDatabase(running, "embedded");
  return {
    mode: "embedded",
    url: running,
    migrationUrl: running,
    description: "embedded PostgreSQL of the running Vigil",
    appliedMigrations: 0,
    stop: async () => {},
  };
}

interface DatabaseOptions {
  url?: string;
  migrationUrl?: string;
  dataDir: string;
  embeddedPort?: number;
}

async function openDatabase(options: DatabaseOptions): Promise<RunningDatabase> {
  if (options.url) {
    await assertReachable(options.url, "DATABASE_URL");
    if (options.migrationUrl) {
      assertSameDatabase(options.url, options.migrationUrl);
      await assertReachable(options.migrationUrl, "VIGIL_MIGRATION_DATABASE_URL");
    }
    const target = new URL(options.url);
    return {
      mode: "external",
      url: options.url,
      migrationUrl: options.migrationUrl ?? options.url,
      description: `external PostgreSQL at ${databaseTarget(target)}, as ${decodeURIComponent(target.username) || "the default user"}`,
      stop: async () => {},
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.embeddedPort });
  return {
    mode: "embedded",
    url: embedded.appUrl,
    migrationUrl: embedded.ownerUrl,
    description: `embedded PostgreSQL in ${embedded.pgDir} (${databaseServer(new URL(embedded.appUrl))}), as ${APP_ROLE}`,
    stop: embedded.stop,
  };
}

function assertSameDatabase(url: string, migrationUrl: string): void {
  const where = (value: string) => databaseTarget(new URL(value));
  if (where(url) !== where(migrationUrl)) {
    throw new ConfigError(
      `VIGIL_MIGRATION_DATABASE_URL must name the database of DATABASE_URL (${where(url)}), not ${where(migrationUrl)}`,
    );
  }
}

/** Connects once, so an unreachable server or a wrong password is one clear line. */
async function assertReachable(url: string, setting = "DATABASE_URL"): Promise<void> {
  const where = databaseServer(new URL(url));
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    const reason =
      error.code === "ECONNREFUSED"
        ? "connection refused"
        : error.code === "ENOTFOUND"
          ? "unknown host"
          : error.message;
    throw new ConfigError(`Can not reach the database at ${where} (${setting}): ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
