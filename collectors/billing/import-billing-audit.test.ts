import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { uniqueName } from "@/test/factories";
import { asOwner, usePrivateDatabase } from "@/test/private-database";
import { importBillingFile } from "./import-billing-file";

// The audit table is made to refuse billing.import entries, which would break every other test
// file's imports: this file has a database of its own.

const ctx = systemCtx("test");
const HEADER =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName";
const csv = (account: string) =>
  Buffer.from(`${HEADER}\n${account},USD,2017-03-01,2017-04-01,Usage,2017-03-02,2017-03-03,2.5,2,3,AWS,Amazon EC2\n`);
const run = (account: string) =>
  importBillingFile(ctx, { format: "focus", fileName: `${account}.csv`, via: "api" }, Readable.from([csv(account)]));

let database: string;

describe("the billing import's audit entry commits with its lines (private PostgreSQL)", () => {
  beforeAll(async () => {
    database = await usePrivateDatabase("billing_audit");
  });
  afterAll(closeDb);

  it("when the audit entry can not be written, no line is stored and the caller is told nothing was imported", async () => {
    // Triggers are the owner's to add: the application role can not touch the audit table's.
    await asOwner(
      database,
      `
      CREATE FUNCTION refuse_billing_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$;
      CREATE TRIGGER refuse_billing_audit BEFORE INSERT ON audit_entry FOR EACH ROW WHEN (NEW.action = 'billing.import') EXECUTE FUNCTION refuse_billing_audit();`,
    );
    const account = uniqueName("unaudited");
    const err = await run(account).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).message).toMatch(
      new RegExp(`${account}\\.csv: not imported, nothing was stored: its audit entry could not be written`),
    );
    const lines = await pool().query("SELECT count(*)::int AS n FROM cost_line WHERE billing_account_id = $1", [
      account,
    ]);
    expect(lines.rows[0].n).toBe(0);
    const attempt = await pool().query(
      "SELECT status, rows, error->>'message' AS message FROM billing_import WHERE file_name = $1",
      [`${account}.csv`],
    );
    expect(attempt.rows).toEqual([{ status: "failed", rows: 0, message: expect.stringMatching(/not imported/) }]);
    await asOwner(database, "DROP TRIGGER refuse_billing_audit ON audit_entry");
  });

  it("an import and its entry land together, and the chain written over raw pg verifies", async () => {
    const account = uniqueName("audited");
    const result = await run(account);
    const entry = await pool().query("SELECT action, summary FROM audit_entry WHERE target_id = $1", [result.importId]);
    expect(entry.rows).toEqual([
      {
        action: "billing.import",
        summary: expect.objectContaining({
          rows: 1,
          totals: [{ currency: "USD", billedCost: "2.5", effectiveCost: "2" }],
        }),
      },
    ]);
    await run(uniqueName("audited"));
    expect(await verifyAuditChain(ctx)).toMatchObject({ intact: true });
  });
});
