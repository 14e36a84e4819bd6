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
  store.pool ??= new pg.Pool({
    connectionString: readDatabaseUrl(),
    max: 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: "vigil",
  });
  return store.pool;
}

export function db(): PrismaClient {
  const store = dbCache();
  store.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return store.prisma;
}

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function closeDb(): Promise<void> {
  const store = dbCache();
  const { prisma, pool: openPool } = store;
  store.prisma = undefined;
  store.pool = undefined;
  await prisma?.$disconnect();
  await openPool?.end();
}
