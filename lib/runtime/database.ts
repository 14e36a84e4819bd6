import pg from "pg";
import { dataDir, env, useDatabase } from "../env";
import { ConfigError } from "../errors";
import { runningEmbeddedUrl, startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./migrate";

export interface RunningDatabase {
  mode: "embedded" | "external";
  url: string;
  description: string;
  stop(): Promise<void>;
}

export interface MigratedDatabase extends RunningDatabase {
  appliedMigrations: number;
}

/**
 * Opens the configured database (external, or the embedded one under VIGIL_DATA_DIR), makes it
 * this process's database and applies pending migrations; on failure the embedded server stops.
 */
export async function openMigratedDatabase(): Promise<MigratedDatabase> {
  const settings = env();
  const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: dataDir(), embeddedPort: settings.VIGIL_PG_PORT });
  try {
    useDatabase(database.url, database.mode);
    const { applied } = await applyMigrations(database.url);
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
  return { mode: "embedded", url: running, description: "embedded PostgreSQL of the running Vigil", appliedMigrations: 0, stop: async () => {} };
}

async function openDatabase(options: { url?: string; dataDir: string; embeddedPort?: number }): Promise<RunningDatabase> {
  if (options.url) {
    await assertReachable(options.url);
    const target = new URL(options.url);
    return {
      mode: "external",
      url: options.url,
      description: `external PostgreSQL at ${target.hostname}:${target.port || 5432}${target.pathname}`,
      stop: async () => {},
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.embeddedPort });
  return {
    mode: "embedded",
    url: embedded.url,
    description: `embedded PostgreSQL in ${embedded.pgDir} (127.0.0.1:${embedded.port})`,
    stop: embedded.stop,
  };
}

/** Connects once, so an unreachable server or a wrong password is one clear line. */
async function assertReachable(url: string): Promise<void> {
  const target = new URL(url);
  const where = `${target.hostname}:${target.port || 5432}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    const reason = error.code === "ECONNREFUSED" ? "connection refused" : error.code === "ENOTFOUND" ? "unknown host" : error.message;
    throw new ConfigError(`Can not reach the database at ${where} (DATABASE_URL): ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
