import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { z } from "zod";
import type { CostRow } from "@/collectors/billing/cost-row";
import { BILLING_FORMATS, costRows } from "@/collectors/billing/formats";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Ctx } from "../context";
import { pgText } from "../copy-text";
import { pool } from "../db";
import { VigilError } from "../errors";
import { withSpan } from "../telemetry";
import { parseInput, text } from "../validation";
import { billingLimits } from "./billing-limits";
import { failImportRow, markImportRow, startImportRow } from "./billing-import-row";
import { holdImportLock } from "./interrupted-imports";
import { COPY_COST_LINES_SQL, costLineText } from "./cost-line-copy";
import { type CurrencyTotal, CurrencyTotals, singleTotal } from "./currency-totals";
import { lockPeriods, type PeriodKey } from "./period-locks";

// Imports one billing file: rows streamed through the format's mapper straight into a COPY, in one
// transaction, so the file lands whole or not at all and memory stays bounded whatever its size.
// A newer import of the same provider, billing account and billing period replaces the older
// lines (exports restate whole periods), so importing a file twice never doubles a total.

export const ImportBillingInput = z.object({
  format: z.enum(BILLING_FORMATS, { error: `format must be one of ${BILLING_FORMATS.join(", ")}` }),
  fileName: text(500, 1),
  via: z.enum(["upload", "api", "watch", "demo"]),
  dataset: z.enum(["actual", "amortized"]).optional(),
});
export type ImportBillingInput = z.input<typeof ImportBillingInput>;

export interface ImportBillingResult {
  importId: string;
  rows: number;
  /** Per billing currency: amounts in different currencies are never added. */
  totals: CurrencyTotal[];
  /** The file's total when it is in one currency; null when it mixes currencies (see totals). */
  billedCost: string | null;
  effectiveCost: string | null;
  period: { start: string; end: string } | null;
  replacedRows: number;
}

const CHUNK_BYTES = 256 * 1024;

/** Counts bytes and hashes the file as it streams past. */
async function* measured(
  input: AsyncIterable<Buffer | Uint8Array>,
  tally: { bytes: number; hash: ReturnType<typeof createHash> },
): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    tally.bytes += buffer.length;
    tally.hash.update(buffer);
    yield buffer;
  }
}

/** What the streamed rows added up to. */
interface Streamed {
  rows: number;
  keys: PeriodKey[];
  totals: CurrencyTotal[];
  period: { start: string; end: string };
  providers: string[];
}

/** Streams the file's rows into cost_line on `client`, inside its open transaction. */
async function copyRows(
  client: pg.ClientBase,
  importId: string,
  options: z.infer<typeof ImportBillingInput>,
  body: AsyncIterable<Buffer>,
): Promise<Streamed> {
  const copy = client.query(copyFrom(COPY_COST_LINES_SQL));
  const keys = new Map<string, PeriodKey>();
  const totals = new CurrencyTotals();
  const providers = new Set<string>();
  const period = { start: "", end: "" };
  let rows = 0;
  let chunk = "";
  const source = `import:${importId}`;
  try {
    for await (const row of costRows(body, {
      format: options.format,
      file: options.fileName,
      dataset: options.dataset,
      limits: billingLimits(),
    })) {
      const key = `${row.providerName}\u0000${row.billingAccountId}\u0000${row.billingPeriodStart}`;
      if (!keys.has(key))
        keys.set(key, [pgText(row.providerName), pgText(row.billingAccountId), row.billingPeriodStart]);
      chunk += costLineText(source, importId, row);
      rows += 1;
      // Totals as the rows pass, exactly, instead of reading a million rows back.
      totals.add(row.billingCurrency, row.billedCost, row.effectiveCost);
      note(period, providers, row);
      if (chunk.length >= CHUNK_BYTES) {
        if (!copy.write(chunk)) await once(copy, "drain");
        chunk = "";
      }
    }
    if (rows === 0)
      throw new VigilError("bad_request", `${options.fileName}: the file has a header but no cost lines`, {
        file: options.fileName,
        line: null,
        column: null,
      });
    copy.end(chunk);
    await finished(copy);
  } catch (err) {
    copy.destroy(err as Error);
    await finished(copy).catch(() => {});
    throw err;
  }
  return { rows, keys: [...keys.values()], totals: totals.list(), period, providers: [...providers].sort() };
}

function note(period: { start: string; end: string }, providers: Set<string>, row: CostRow): void {
  if (period.start === "" || row.billingPeriodStart < period.start) period.start = row.billingPeriodStart;
  if (row.billingPeriodEnd > period.end) period.end = row.billingPeriodEnd;
  providers.add(pgText(row.providerName));
}

/** Deletes the older lines of the periods the file covers; marks imports left with no lines replaced. */
async function replaceOlder(client: pg.ClientBase, importId: string, keys: PeriodKey[]): Promise<number> {
  const replaced = await client.query<{ import_id: string | null; n: string }>(
    `WITH gone AS (
       DELETE FROM cost_line c
       USING unnest($2::text[], $3::text[], $4::timestamptz[]) AS k(provider, account, period)
       WHERE c.provider_name = k.provider AND c.billing_account_id = k.account AND c.billing_period_start = k.period
         AND c.import_id IS DISTINCT FROM $1
       RETURNING c.import_id
     )
     SELECT import_id, count(*)::text AS n FROM gone GROUP BY import_id`,
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
  return replaced.rows.reduce((sum, row) => sum + Number(row.n), 0);
}

/**
 * Imports a billing file from a byte stream. Bad cells reject the whole file with a 400 naming the
 * file, line and column; the attempt is still listed on the Imports page with its error. Imports
 * of other periods run side by side; one of the same period waits its turn, shown as queued.
 */
export async function importBilling(
  ctx: Ctx,
  input: ImportBillingInput,
  body: AsyncIterable<Buffer | Uint8Array>,
): Promise<ImportBillingResult> {
  authorize(ctx, "ingest:billing");
  const options = parseInput(ImportBillingInput, input);
  const importId = randomUUID();
  const started = performance.now();
  const tally = { bytes: 0, hash: createHash("sha256") };
  return withSpan(
    "importBilling",
    { "vigil.billing.format": options.format, "vigil.billing.via": options.via },
    async () => {
      await startImportRow({
        importId,
        format: options.format,
        fileName: options.fileName,
        via: options.via,
        createdBy: ctx.actor.label,
      });
      const client = await pool()
        .connect()
        .catch(async (err: unknown) => {
          await failImportRow(importId, 0, err, performance.now() - started);
          throw err;
        });
      try {
        await client.query("BEGIN");
        await holdImportLock(client, importId);
        const streamed = await copyRows(client, importId, options, measured(body, tally));
        if (await lockPeriods(client, streamed.keys, () => markImportRow(importId, "queued")))
          await markImportRow(importId, "running");
        const replacedRows = await replaceOlder(client, importId, streamed.keys);
        const single = singleTotal(streamed.totals);
        const result: ImportBillingResult = {
          importId,
          rows: streamed.rows,
          totals: streamed.totals,
          billedCost: single?.billedCost ?? null,
          effectiveCost: single?.effectiveCost ?? null,
          period: streamed.period,
          replacedRows,
        };
        await client.query(
          `UPDATE billing_import SET status = 'succeeded', rows = $2, bytes = $3, sha256 = $4, billed_cost = $5, effective_cost = $6, totals = $7,
           period_start = $8, period_end = $9, providers = $10, replaced_rows = $11, duration_ms = $12 WHERE id = $1`,
          [
            importId,
            result.rows,
            tally.bytes,
            tally.hash.digest("hex"),
            result.billedCost,
            result.effectiveCost,
            JSON.stringify(result.totals),
            result.period?.start,
            result.period?.end,
            streamed.providers,
            replacedRows,
            Math.round(performance.now() - started),
          ],
        );
        // The trail names every import, in the transaction of its lines: both commit or neither does.
        await auditImport(client, ctx, options, result);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        await failImportRow(importId, tally.bytes, err, performance.now() - started);
        throw err;
      } finally {
        client.release();
      }
    },
  );
}

async function auditImport(
  client: pg.ClientBase,
  ctx: Ctx,
  options: z.infer<typeof ImportBillingInput>,
  result: ImportBillingResult,
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
