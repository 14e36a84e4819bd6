import pg from "pg";
import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { systemCtx } from "@/lib/context";
import { pool, transaction } from "@/lib/db";
import { JOB_SCHEMA } from "@/lib/jobs/run-worker";
import { maintainSpanPartitions } from "@/lib/traces/maintain-partitions";
import { dropSpanPartitionsBefore } from "@/lib/traces/partitions";
import { addDays, utcDay } from "@/lib/time";
import { uniqueName } from "@/test/factories";
import { ownerUrl, privateDatabaseForFile } from "@/test/private-database";
import { ingestOtlpJson } from "@/test/span-factory";
import { APP_ROLE, auditGuardWeakness } from "./app-role";

// What the app's own database role may and may not do. Dropping partitions removes other tests'
// spans, so this file has a database of its own.
const url = privateDatabaseForFile("approle");

/** Runs one statement on a connection of its own (a failed statement would end a shared one). */
async function asApp(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function partitions(): Promise<string[]> {
  const { rows } = await pool().query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'span'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

function span(service: string, startMs: number) {
  const ns = String(BigInt(startMs) * 1_000_000n);
  const spans = [
    {
      traceId: "ab".repeat(16),
      spanId: "cd".repeat(8),
      name: "GET /",
      kind: 2,
      startTimeUnixNano: ns,
      endTimeUnixNano: ns,
    },
  ];
  const body = {
    resourceSpans: [
      { resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] }, scopeSpans: [{ spans }] },
    ],
  };
  return JSON.stringify(body);
}

describe("the application's database role", () => {
  it("is the role the app connects as, and owns nothing it could turn the audit guard off with", async () => {
    const { rows } = await pool().query(
      "SELECT current_user AS role, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    );
    expect(rows[0]).toEqual({
      role: APP_ROLE,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
    });
    const owned = await pool().query(
      "SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND relnamespace = 'public'::regnamespace",
    );
    expect(owned.rows).toEqual([]);
    expect(await auditGuardWeakness(pool())).toBeUndefined();
  });

  it("can not switch the audit triggers off, nor change or remove entries", async () => {
    await transaction((tx) =>
      recordAudit(tx, systemCtx("app-role-test"), {
        action: "test.append",
        target: { type: "thing", id: uniqueName("t") },
      }),
    );
    const attempts: [string, RegExp][] = [
      ["ALTER TABLE audit_entry DISABLE TRIGGER ALL", /must be owner of table audit_entry/],
      ["ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_seq_positive", /must be owner of table audit_entry/],
      ["DROP TRIGGER audit_entry_append_only ON audit_entry", /must be owner of (table|relation) audit_entry/],
      ["SET session_replication_role = replica", /permission denied to set parameter "session_replication_role"/],
      ["UPDATE audit_entry SET reason = 'edited'", /permission denied for table audit_entry/],
      ["DELETE FROM audit_entry", /permission denied for table audit_entry/],
      ["TRUNCATE audit_entry", /permission denied for table audit_entry/],
      ["CREATE TABLE app_made (id int)", /permission denied for schema public/],
      ["DROP TABLE span", /must be owner of (table|relation) span/],
    ];
    for (const [sql, error] of attempts) await expect(asApp(sql), sql).rejects.toThrow(error);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM audit_entry");
    expect(rows[0].n).toBe(1);
  });

  it("ingests spans into a partition it has created through the owner's function, and drops old ones", async () => {
    const today = utcDay(new Date());
    const yesterdayNoon = Date.parse(`${addDays(today, -1)}T12:00:00Z`);
    const result = await ingestOtlpJson(systemCtx("test"), span(uniqueName("approle"), yesterdayNoon));
    expect(result).toMatchObject({ stored: 1, duplicates: 0, rejected: 0 });
    const yesterday = `span_p${addDays(today, -1).replaceAll("-", "")}`;
    expect(await partitions()).toEqual([yesterday]);

    // Within the retention it stays; asked to drop what is before today, it goes.
    const maintained = await maintainSpanPartitions(systemCtx("test"), today);
    expect(maintained).toMatchObject({ created: 4, dropped: [] });
    expect(await dropSpanPartitionsBefore(pool(), today)).toEqual([yesterday]);
    expect(await partitions()).toHaveLength(4);
  });

  it("can not use the partition functions for anything but their one narrow job", async () => {
    const tomorrow = addDays(utcDay(new Date()), 1);
    await expect(asApp(`SELECT vigil_drop_span_partitions_before('${addDays(tomorrow, 1)}')`)).rejects.toThrow(
      /dropped only before a day that has begun/,
    );
    await expect(asApp("SELECT vigil_ensure_span_partition(NULL)")).rejects.toThrow(/not a day for a span partition/);
    await expect(asApp("SELECT vigil_ensure_span_partition('infinity')")).rejects.toThrow(
      /not a day for a span partition/,
    );
    await expect(asApp("SELECT vigil_grant_app_access()")).rejects.toThrow(
      /permission denied for function vigil_grant_app_access/,
    );
  });

  it(
    "takes over the job queue's schema an older Vigil created as the owner, and runs jobs in it",
    { timeout: 60_000 },
    async () => {
      const owner = ownerUrl(url());
      const before = new PgBoss({ connectionString: owner, schema: JOB_SCHEMA });
      await before.start();
      await before.stop({ graceful: false, wait: true });
      const client = new pg.Client({ connectionString: owner });
      await client.connect();
      try {
        await client.query("SELECT vigil_give_job_schema_to_app()");
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'pgboss'::regnamespace AND relkind IN ('r', 'p') AND relowner <> 'vigil_app'::regrole`,
        );
        expect(rows[0].n).toBe(0);
      } finally {
        await client.end();
      }

      const boss = new PgBoss({ connectionString: url(), schema: JOB_SCHEMA });
      await boss.start();
      try {
        const queue = uniqueName("approle");
        await boss.createQueue(queue);
        await boss.send(queue, { n: 1 });
        const [job] = await boss.fetch<{ n: number }>(queue);
        expect(job.data).toEqual({ n: 1 });
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    },
  );

  it("is what the startup warning checks: the owner's connection is named", async () => {
    const owner = new pg.Client({ connectionString: ownerUrl(url()) });
    await owner.connect();
    try {
      expect(await auditGuardWeakness(owner)).toMatch(
        /^the database role "vigil" is a superuser, so the app could switch the audit trail's triggers off: .*VIGIL_MIGRATION_DATABASE_URL/,
      );
    } finally {
      await owner.end();
    }
  });
});
