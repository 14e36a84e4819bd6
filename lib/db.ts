import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { readDatabaseUrl } from "./env";

// One pool and one Prisma client per process, shared by Prisma and the SQL hot paths, cached on
// globalThis so Next.js dev reloads do not open a new pool on every edit.
interface DbCache {
  pool?: pg.Pool;
  prisma?: PrismaClient;
}

const cache = globalThis as typeof globalThis & { __vigilDb?: DbCache };

function dbCache(): DbCache {
  cache.__vigilDb ??= {};
  return cache.__vigilDb;
}

export function pool(): pg.Pool {
  const store = dbCache();
  if (!store.pool) {
    store.pool = new pg.Pool({
      connectionString: readDatabaseUrl(),
      max: 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: "vigil",
      // Readers put block spans beside rows in a temporary table (lib/traces/span-source.ts).
      // PostgreSQL 18's read streams can pin the default 8 MB of local buffers on it ("no empty
      // local buffer available"); the setting is a ceiling, taken only by sessions that use one.
      options: "-c temp_buffers=128MB",
    });
    // An idle connection dropped by the server (restart, failover, shutdown) must not crash the
    // process: the pool discards it and the next query opens a new one.
    store.pool.on("error", (err) => console.warn(`database connection lost: ${err.message}`));
    // A connection lost while checked out (a transaction, a lock holder) reports to its query's
    // caller; without a listener of its own the client's 'error' event would end the process.
    store.pool.on("connect", (client) => client.on("error", () => {}));
  }
  return store.pool;
}

export function db(): PrismaClient {
  const store = dbCache();
  store.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return store.prisma;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// On globalThis like the pool: Next.js bundles this module separately for pages and route
// handlers, and both halves must see the same transaction.
const scopes = globalThis as typeof globalThis & { __vigilTxScope?: AsyncLocalStorage<Tx> };
scopes.__vigilTxScope ??= new AsyncLocalStorage<Tx>();
const txScope = scopes.__vigilTxScope;

// Long enough for a sign-in that calls the identity provider inside its transaction.
const TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * Runs `work` in one transaction; a call made inside another joins it. A change and its audit
 * entry go through here so they commit, or fail, together.
 */
export async function transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const current = txScope.getStore();
  if (current) return work(current);
  return db().$transaction((tx) => txScope.run(tx, () => work(tx)), {
    timeout: TRANSACTION_TIMEOUT_MS,
    maxWait: 10_000,
  });
}

/**
 * A Prisma client that uses the surrounding `transaction()` when there is one. Libraries that
 * take a client (better-auth) then write in the same transaction as Vigil's audit entry.
 */
export function scopedDb(): PrismaClient {
  // The target only gives the proxy its shape; every access goes to the current client, so a
  // closeDb() and reconnect is followed.
  return new Proxy(db(), {
    get(_target, property) {
      if (property === "$transaction") {
        return (work: unknown, options?: unknown) =>
          typeof work === "function"
            ? transaction(work as (tx: Tx) => Promise<unknown>)
            : db().$transaction(work as never, options as never);
      }
      const client = txScope.getStore() ?? db();
      const value = Reflect.get(client, property);
      return typeof value === "function" ? value.bind(client) : value;
    },
  });
}

/** A raw `pg` client, or the Prisma transaction it runs in: what `recordAudit` and other shared writers accept. */
export type SqlTx = Tx | pg.ClientBase;

/**
 * Runs `work` in one transaction on one pooled connection, for the SQL hot paths (COPY, locks)
 * that Prisma does not express: BEGIN, COMMIT on success, ROLLBACK and rethrow on failure.
 */
export async function sqlTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function closeDb(): Promise<void> {
  const store = dbCache();
  const { prisma, pool: openPool } = store;
  store.prisma = undefined;
  store.pool = undefined;
  await prisma?.$disconnect();
  await openPool?.end();
}
