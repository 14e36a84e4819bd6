import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerUrl } from "@/test/private-database";
import { spawnVigil } from "@/test/vigil-process";

// An external PostgreSQL set up as the README says: an owner role that migrates and an application
// role that runs. `npm run vigil` opens the database the way `npm start` does, at a fraction of
// the cost.

const suffix = randomBytes(4).toString("hex");
const owner = `ext_owner_${suffix}`;
const databases = [`ext_split_${suffix}`, `ext_single_${suffix}`];

async function asSuperuser(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function url(base: string, database: string, user?: string): string {
  const target = new URL(base);
  target.pathname = `/${database}`;
  if (user) {
    target.username = user;
    target.password = "owner-secret";
  }
  return target.toString();
}

const appUrl = (database: string) => url(process.env.DATABASE_URL as string, database);
const ownerRoleUrl = (database: string) => url(process.env.DATABASE_URL as string, database, owner);

async function vigil(settings: Record<string, string>, ...args: string[]) {
  const run = spawnVigil(
    { VIGIL_DATA_DIR: path.join(os.tmpdir(), `vigil-ext-${suffix}`), ...settings },
    "vigil.ts",
    args,
  );
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

beforeAll(async () => {
  await asSuperuser(`CREATE ROLE ${owner} LOGIN PASSWORD 'owner-secret' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  await asSuperuser(`GRANT vigil_app TO ${owner}`);
  for (const database of databases) await asSuperuser(`CREATE DATABASE ${database} OWNER ${owner}`);
});

afterAll(async () => {
  for (const database of databases) await asSuperuser(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await asSuperuser(`DROP ROLE IF EXISTS ${owner}`);
});

describe("an external database with an owner and an application role", () => {
  it("migrates as VIGIL_MIGRATION_DATABASE_URL and runs as DATABASE_URL", { timeout: 90_000 }, async () => {
    const [database] = databases;
    const result = await vigil(
      { DATABASE_URL: appUrl(database), VIGIL_MIGRATION_DATABASE_URL: ownerRoleUrl(database) },
      "apikey",
      "create",
      "--name",
      "ext",
      "--scope",
      "read",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const client = new pg.Client({ connectionString: ownerRoleUrl(database) });
    await client.connect();
    try {
      const owners = await client.query(
        "SELECT DISTINCT relowner::regrole::text AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')",
      );
      expect(owners.rows).toEqual([{ owner }]);
      const audit = await client.query("SELECT actor_label, action FROM audit_entry");
      expect(audit.rows).toEqual([{ actor_label: expect.stringMatching(/^system:cli:/), action: "apikey.create" }]);
      const rights = await client.query(
        `SELECT has_table_privilege('vigil_app', 'api_key', 'UPDATE') AS key_update,
                has_table_privilege('vigil_app', 'audit_entry', 'INSERT') AS audit_insert,
                has_table_privilege('vigil_app', 'audit_entry', 'UPDATE') AS audit_update,
                has_table_privilege('vigil_app', 'audit_entry', 'DELETE') AS audit_delete`,
      );
      expect(rights.rows[0]).toEqual({
        key_update: true,
        audit_insert: true,
        audit_update: false,
        audit_delete: false,
      });
    } finally {
      await client.end();
    }
  });

  it(
    "says to set VIGIL_MIGRATION_DATABASE_URL when the application role is asked to migrate",
    { timeout: 90_000 },
    async () => {
      const result = await vigil({ DATABASE_URL: appUrl(databases[1]) }, "audit", "verify");
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^vigil: Could not apply database migrations: .*\(migrations run as the owner of the tables: set VIGIL_MIGRATION_DATABASE_URL\)\n$/,
      );
    },
  );

  it("refuses a migration URL naming another database", async () => {
    const result = await vigil(
      { DATABASE_URL: appUrl(databases[0]), VIGIL_MIGRATION_DATABASE_URL: ownerRoleUrl("elsewhere") },
      "audit",
      "verify",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^vigil: VIGIL_MIGRATION_DATABASE_URL must name the database of DATABASE_URL \((Unix socket \/\S+\/\.s\.PGSQL\.\d+, database |127\.0\.0\.1:\d+\/)ext_split_\w+\), not (Unix socket \/\S+\/\.s\.PGSQL\.\d+, database |127\.0\.0\.1:\d+\/)elsewhere\n$/,
    );
  });
});
