import { randomUUID } from "node:crypto";
import type pg from "pg";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { VigilError } from "../errors";
import { withSpan } from "../telemetry";
import { parseInput } from "../validation";
import { addDays } from "../time";
import { allocateImport } from "./allocate-import";
import { failImportRow, markImportRow, startImportRow, succeedImportRow } from "./billing-import-row";
import { type CopiedLines, copyCostLines } from "./cost-line-copy";
import { singleTotal } from "./currency-totals";
import { holdImportLock } from "./interrupted-imports";
import { lockPeriods, type PeriodKey } from "./period-locks";
import { type BillingFileLines, ImportBillingInput, type ImportBillingResult } from "./schemas";

// Imports one billing file: its lines streamed straight into a COPY, in one transaction, so the
// file lands whole or not at all and memory stays bounded whatever its size. A newer import of the
// same provider, billing account and billing period replaces the older lines (exports restate
// whole periods), so importing a file twice never doubles a total. Once committed, the days it
// touched are allocated, so every cost view shows it when the import answers.

/**
 * Imports a billing file's lines, read only once the caller may import. A bad line (the parser
 * throws a 400 naming file, line and column) rejects the whole file; the attempt is still listed
 * on the Imports page with its error. Imports of other periods run side by side; one of the same
 * period waits its turn, shown as queued.
 */
export async function importBilling(
  ctx: Ctx,
  input: ImportBillingInput,
  file: BillingFileLines,
): Promise<ImportBillingResult> {
  authorize(ctx, "ingest:billing");
  const options = parseInput(ImportBillingInput, input);
  const importId = randomUUID();
  const started = performance.now();
  const attributes = { "vigil.billing.format": options.format, "vigil.billing.via": options.via };
  return withSpan("importBilling", attributes, async () => {
    await startImportRow({ importId, ...options, createdBy: ctx.actor.label });
    let imported: Imported;
    try {
      imported = await sqlTransaction((client) => importLines(client, ctx, { importId, options, file, started }));
    } catch (err) {
      await failImportRow(importId, file.read().bytes, err, performance.now() - started);
      throw err;
    }
    return { ...imported.result, allocation: await allocateImport(importId, imported.days) };
  });
}

interface ImportRun {
  importId: string;
  options: ImportBillingInput;
  file: BillingFileLines;
  started: number;
}

/** A committed import, before its allocation: the days to allocate are its lines' and the replaced ones'. */
interface Imported {
  result: Omit<ImportBillingResult, "allocation">;
  days: { from: string; to: string };
}

/** The import inside its transaction; its audit entry commits with its lines or neither does. */
async function importLines(client: pg.ClientBase, ctx: Ctx, run: ImportRun): Promise<Imported> {
  const { importId, options, file } = run;
  await holdImportLock(client, importId);
  const copied = await copyCostLines(client, importId, options.fileName, file.lines);
  if (await lockPeriods(client, copied.keys, () => markImportRow(importId, "queued")))
    await markImportRow(importId, "running");
  const replaced = await replaceOlder(client, importId, copied.keys);
  const result = resultOf(importId, copied, replaced.rows);
  const days = replaced.days ? spanning(copied.chargeDays, replaced.days) : copied.chargeDays;
  await succeedImportRow(client, result, {
    ...file.read(),
    providers: copied.providers,
    durationMs: performance.now() - run.started,
    allocationDays: days,
  });
  await auditImport(client, ctx, options, result);
  return { result, days };
}

const spanning = (a: { from: string; to: string }, b: { from: string; to: string }) => ({
  from: a.from < b.from ? a.from : b.from,
  to: a.to > b.to ? a.to : b.to,
});

function resultOf(importId: string, copied: CopiedLines, replacedRows: number): Imported["result"] {
  const single = singleTotal(copied.totals);
  return {
    importId,
    rows: copied.rows,
    totals: copied.totals,
    billedCost: single?.billedCost ?? null,
    effectiveCost: single?.effectiveCost ?? null,
    period: copied.period,
    replacedRows,
  };
}

/** What replacing the older lines removed: how many, and the UTC days they were charged on. */
interface Replaced {
  rows: number;
  days: { from: string; to: string } | null;
}

/** Deletes the older lines of the periods the file covers; marks imports left with no lines replaced. */
async function replaceOlder(client: pg.ClientBase, importId: string, keys: PeriodKey[]): Promise<Replaced> {
  const replaced = await client.query<{ import_id: string | null; n: string; first: string; last: string }>(
    `WITH gone AS (
       DELETE FROM cost_line c
       USING unnest($2::text[], $3::text[], $4::timestamptz[]) AS k(provider, account, period)
       WHERE c.provider_name = k.provider AND c.billing_account_id = k.account AND c.billing_period_start = k.period
         AND c.import_id IS DISTINCT FROM $1
       RETURNING c.import_id, (c.charge_period_start AT TIME ZONE 'UTC')::date AS day
     )
     SELECT import_id, count(*)::text AS n, min(day)::text AS first, max(day)::text AS last FROM gone GROUP BY import_id`,
    [importId, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
  );
  const older = replaced.rows.flatMap((row) => (row.import_id ? [row.import_id] : []));
  if (older.length) {
    await client.query(
      `UPDATE billing_import SET status = 'replaced', replaced_by = $1
       WHERE id = ANY($2::uuid[]) AND NOT EXISTS (SELECT 1 FROM cost_line WHERE import_id = billing_import.id)`,
      [importId, older],
    );
  }
  const firsts = replaced.rows.map((row) => row.first).sort();
  const lasts = replaced.rows.map((row) => row.last).sort();
  return {
    rows: replaced.rows.reduce((sum, row) => sum + Number(row.n), 0),
    days: firsts.length ? { from: firsts[0], to: addDays(lasts[lasts.length - 1], 1) } : null,
  };
}

async function auditImport(
  client: pg.ClientBase,
  ctx: Ctx,
  options: ImportBillingInput,
  result: Imported["result"],
): Promise<void> {
  const { importId, rows, totals, replacedRows, period } = result;
  try {
    await recordAudit(client, ctx, {
      action: "billing.import",
      target: { type: "billing_import", id: importId },
      summary: { format: options.format, file: options.fileName, via: options.via, rows, totals, replacedRows, period },
    });
  } catch (err) {
    console.error(`billing import ${importId}: the audit entry could not be written`, err);
    throw new VigilError(
      "internal",
      `${options.fileName}: not imported, nothing was stored: its audit entry could not be written`,
      { file: options.fileName },
    );
  }
}
