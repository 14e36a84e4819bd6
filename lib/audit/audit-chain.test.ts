import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool, transaction } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { ownerUrl, usePrivateDatabase } from "@/test/private-database";
import { recordAudit } from "./record-audit";
import { verifyAuditChain } from "./verify-audit-chain";

// Tampering breaks the chain for everyone reading it, so this file works on a database of its own.
let owner: string;

beforeAll(async () => {
  const url = await usePrivateDatabase("audit");
  owner = ownerUrl(url);
}, 60_000);

afterAll(async () => {
  await closeDb();
});

const ctx = systemCtx("audit-test");

async function append(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await transaction((tx) =>
      recordAudit(tx, ctx, {
        action: "test.append",
        target: { type: "thing", id: uniqueName("t") },
        summary: { after: { i, note: "ünïcode ✓" } },
      }),
    );
  }
}

async function asOwner(sql: string, guardOff = false): Promise<void> {
  const client = new pg.Client({ connectionString: owner });
  await client.connect();
  try {
    // What a superuser (or the table owner) can do: switch triggers off for the session.
    if (guardOff) await client.query("SET session_replication_role = replica");
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const asAttacker = (sql: string) => asOwner(sql, true);

describe("audit chain", () => {
  it("verifies an intact chain, entries appended concurrently included", async () => {
    await append(3);
    await Promise.all([append(2), append(2), append(2)]);
    const report = await verifyAuditChain(roleCtx("finops"));
    expect(report).toMatchObject({ intact: true, entries: 9, message: "Chain intact, 9 entries" });
  });

  it("refuses UPDATE, DELETE and TRUNCATE to the app's database role, and to the owner while the triggers are on", async () => {
    await expect(pool().query("UPDATE audit_entry SET reason = 'edited' WHERE seq = 1")).rejects.toThrow(
      /permission denied for table audit_entry/,
    );
    await expect(pool().query("DELETE FROM audit_entry WHERE seq = 1")).rejects.toThrow(
      /permission denied for table audit_entry/,
    );
    await expect(pool().query("TRUNCATE audit_entry")).rejects.toThrow(/permission denied for table audit_entry/);
    await expect(asOwner("UPDATE audit_entry SET reason = 'edited' WHERE seq = 1")).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(asOwner("DELETE FROM audit_entry WHERE seq = 1")).rejects.toThrow(/append-only: DELETE/);
    await expect(asOwner("TRUNCATE audit_entry")).rejects.toThrow(/append-only: TRUNCATE/);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM audit_entry");
    expect(rows[0].n).toBe(10); // the nine appended and the verification that ran above
  });

  it("names the first entry an attacker edited with the guard disabled", async () => {
    await asAttacker(`UPDATE audit_entry SET summary = '{"after": {"i": 99}}' WHERE seq = 4`);
    const report = await verifyAuditChain(roleCtx("admin"));
    expect(report).toMatchObject({ intact: false, brokenAt: "4", entries: 3 });
    expect(report.message).toMatch(/^Chain broken at entry #4 .*content does not match its hash/);
  });

  it("names the entry that follows a deleted one", async () => {
    await asAttacker(`DELETE FROM audit_entry WHERE seq = 4`);
    const report = await verifyAuditChain(roleCtx("admin"));
    expect(report).toMatchObject({ intact: false, brokenAt: "5" });
    expect(report.message).toMatch(/entry #4 is missing/);
  });

  it("is only for admin and finops", async () => {
    await expect(verifyAuditChain(roleCtx("viewer"))).rejects.toMatchObject({ code: "forbidden" });
    await expect(verifyAuditChain(roleCtx("sre"))).rejects.toMatchObject({ code: "forbidden" });
  });
});
