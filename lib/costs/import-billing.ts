import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { z } from "zod";
import type { CostRow } from "@/collectors/billing/cost-row";
import { plainDecimal } from "@/collectors/billing/decimal";
import { BILLING_FORMATS, costRows } from "@/collectors/billing/formats";
import { authorize, type Ctx } from "../context";
import { field, jsonbSafe } from "../copy-text";
import { pool, transaction } from "../db";
import { VigilError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { fromScaled, toScaled } from "../money";
import { withSpan } from "../telemetry";
import { parseInput } from "../validation";

// Imports one billing file: rows streamed through the format's mapper straight into a COPY, in one
// transaction, so the file lands whole or not at all and memory stays bounded whatever its size.
// A newer import of the same provider, billing account and billing period replaces the older
// lines (exports restate whole periods), so importing a file twice never doubles a total.

export const ImportBillingInput = z.object({
  format: z.enum(BILLING_FORMATS, { error: `format must be one of ${BILLING_FORMATS.join(", ")}` }),
  fileName: z.string().min(1).max(500),
  via: z.enum(["upload", "api", "watch", "demo"]),
  dataset: z.enum(["actual", "amortized"]).optional(),
});
export type ImportBillingInput = z.input<typeof ImportBillingInput>;

export interface ImportBillingResult {
  importId: string;
  rows: number;
  billedCost: string;
  effectiveCost: string;
  period: { start: string; end: string } | null;
  replacedRows: number;
}

const COLUMNS = [
  "source", "import_id", "provider_name", "billing_account_id", "billing_account_name", "sub_account_id", "sub_account_name",
  "billing_period_start", "billing_period_end", "charge_category", "charge_class", "charge_description", "charge_period_start",
  "charge_period_end", "billing_currency", "billed_cost", "effective_cost", "list_cost", "contracted_cost", "pricing_quantity",
  "pricing_unit", "consumed_quantity", "consumed_unit", "service_name", "service_category", "region_id", "resource_id",
  "resource_name", "resource_type", "sku_id", "invoice_id", "commitment_discount_id", "commitment_discount_name",
  "commitment_discount_category", "commitment_discount_type", "commitment_discount_status", "commitment_discount_quantity",
  "commitment_discount_unit", "tags", "extras",
];

export const COPY_COST_LINES_SQL = `COPY cost_line (${COLUMNS.join(", ")}) FROM STDIN`;

/** One cost row as a COPY text line, in COLUMNS order. */
export function costLineText(source: string, importId: string | null, r: CostRow): string {
  const f = field;
  return (
    `${f(source)}\t${importId ?? "\\N"}\t${f(r.providerName)}\t${f(r.billingAccountId)}\t${f(r.billingAccountName)}\t${f(r.subAccountId)}\t` +
    `${f(r.subAccountName)}\t${r.billingPeriodStart}\t${r.billingPeriodEnd}\t${f(r.chargeCategory)}\t${f(r.chargeClass)}\t` +
    `${f(r.chargeDescription)}\t${r.chargePeriodStart}\t${r.chargePeriodEnd}\t${r.billingCurrency}\t${r.billedCost}\t${r.effectiveCost}\t` +
    `${r.listCost}\t${r.contractedCost ?? "\\N"}\t${r.pricingQuantity ?? "\\N"}\t${f(r.pricingUnit)}\t${r.consumedQuantity ?? "\\N"}\t` +
    `${f(r.consumedUnit)}\t${f(r.serviceName)}\t${f(r.serviceCategory)}\t${f(r.regionId)}\t${f(r.resourceId)}\t${f(r.resourceName)}\t` +
    `${f(r.resourceType)}\t${f(r.skuId)}\t${f(r.invoiceId)}\t${f(r.commitmentDiscountId)}\t${f(r.commitmentDiscountName)}\t` +
    `${f(r.commitmentDiscountCategory)}\t${f(r.commitmentDiscountType)}\t${f(r.commitmentDiscountStatus)}\t` +
    `${r.commitmentDiscountQuantity ?? "\\N"}\t${f(r.commitmentDiscountUnit)}\t${f(jsonbSafe(JSON.stringify(r.tags)))}\t` +
    `${f(jsonbSafe(JSON.stringify(r.extras)))}\n`
  );
}

const CHUNK_BYTES = 256 * 1024;
const PLAIN_DECIMAL = /^-?\d+(\.\d{1,18})?$/;

/** A cost as integer units of 1e-18: exponents written out first; more places are rounded as numeric(38,18) rounds. */
function scaled(value: string): bigint {
  if (PLAIN_DECIMAL.test(value)) return toScaled(value.startsWith("+") ? value.slice(1) : value);
  const plain = plainDecimal(value.startsWith("+") ? value.slice(1) : value);
  const [whole, fraction = ""] = plain.split(".");
  if (fraction.length <= 18) return toScaled(plain);
  // Round half away from zero at 18 places, as PostgreSQL does when it stores the value.
  const negative = whole.startsWith("-");
  const units = toScaled(`${whole}.${fraction.slice(0, 18)}`);
  const up = fraction.charCodeAt(18) >= 53;
  return up ? units + (negative ? -1n : 1n) : units;
}
const BILLING_IMPORT_LOCK = 7112005;

/** Counts bytes and hashes the file as it streams past. */
async function* measured(input: AsyncIterable<Buffer | Uint8Array>, tally: { bytes: number; hash: ReturnType<typeof createHash> }): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    tally.bytes += buffer.length;
    tally.hash.update(buffer);
    yield buffer;
  }
}

/**
 * Imports a billing file from a byte stream. Bad cells reject the whole file with a 400 naming the
 * file, line and column; the attempt is still listed on the Imports page with its error.
 */
export async function importBilling(ctx: Ctx, input: ImportBillingInput, body: AsyncIterable<Buffer | Uint8Array>): Promise<ImportBillingResult> {
  authorize(ctx, "ingest:billing");
  const options = parseInput(ImportBillingInput, input);
  const importId = randomUUID();
  const started = performance.now();
  const tally = { bytes: 0, hash: createHash("sha256") };
  const createdBy = ctx.actor.label;
  return withSpan("importBilling", { "vigil.billing.format": options.format, "vigil.billing.via": options.via }, async () => {
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      // Imports replace each other's periods: one at a time.
      await client.query("SELECT pg_advisory_xact_lock($1)", [BILLING_IMPORT_LOCK]);
      await client.query(
        `INSERT INTO billing_import (id, format, file_name, via, status, created_by) VALUES ($1, $2, $3, $4, 'running', $5)`,
        [importId, options.format, options.fileName, options.via, createdBy],
      );
      const copy = client.query(copyFrom(COPY_COST_LINES_SQL));
      const periods = new Map<string, [string, string, string]>();
      let rows = 0;
      let billed = 0n;
      let effective = 0n;
      let periodStart = "9999";
      let periodEnd = "";
      const providers = new Set<string>();
      let chunk = "";
      const source = `import:${importId}`;
      try {
        for await (const row of costRows(measured(body, tally), { format: options.format, file: options.fileName, dataset: options.dataset })) {
          const key = `${row.providerName}\u0000${row.billingAccountId}\u0000${row.billingPeriodStart}`;
          if (!periods.has(key)) periods.set(key, [row.providerName, row.billingAccountId, row.billingPeriodStart]);
          chunk += costLineText(source, importId, row);
          rows += 1;
          // Totals as the rows pass, exactly, instead of reading a million rows back.
          billed += scaled(row.billedCost);
          effective += scaled(row.effectiveCost);
          if (row.billingPeriodStart < periodStart) periodStart = row.billingPeriodStart;
          if (row.billingPeriodEnd > periodEnd) periodEnd = row.billingPeriodEnd;
          providers.add(row.providerName);
          if (chunk.length >= CHUNK_BYTES) {
            if (!copy.write(chunk)) await once(copy, "drain");
            chunk = "";
          }
        }
        if (rows === 0) throw new VigilError("bad_request", `${options.fileName}: the file has a header but no cost lines`, { file: options.fileName, line: null, column: null });
        copy.end(chunk);
        await finished(copy);
      } catch (err) {
        copy.destroy(err as Error);
        await finished(copy).catch(() => {});
        throw err;
      }
      const keys = [...periods.values()];
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
      const replacedRows = replaced.rows.reduce((sum, row) => sum + Number(row.n), 0);
      const older = replaced.rows.flatMap((row) => (row.import_id ? [row.import_id] : []));
      if (older.length) {
        await client.query(
          `UPDATE billing_import SET status = 'replaced', replaced_by = $1
           WHERE id = ANY($2::uuid[]) AND NOT EXISTS (SELECT 1 FROM cost_line WHERE import_id = billing_import.id)`,
          [importId, older],
        );
      }
      const result: ImportBillingResult = {
        importId,
        rows,
        billedCost: fromScaled(billed),
        effectiveCost: fromScaled(effective),
        period: { start: periodStart, end: periodEnd },
        replacedRows,
      };
      await client.query(
        `UPDATE billing_import SET status = 'succeeded', rows = $2, bytes = $3, sha256 = $4, billed_cost = $5, effective_cost = $6,
           period_start = $7, period_end = $8, providers = $9, replaced_rows = $10, duration_ms = $11 WHERE id = $1`,
        [importId, rows, tally.bytes, tally.hash.digest("hex"), result.billedCost, result.effectiveCost, periodStart, periodEnd, [...providers].sort(), replacedRows, Math.round(performance.now() - started)],
      );
      await client.query("COMMIT");
      // The trail names every import; the lines themselves are the evidence.
      await transaction((tx) =>
        recordAudit(tx, ctx, {
          action: "billing.import",
          target: { type: "billing_import", id: importId },
          summary: { format: options.format, file: options.fileName, via: options.via, rows, billedCost: result.billedCost, replacedRows, period: result.period },
        }),
      );
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      await recordFailure(importId, options, createdBy, tally.bytes, err, performance.now() - started);
      throw err;
    } finally {
      client.release();
    }
  });
}

/** A failed attempt stays listed, with the error its sender was given. */
async function recordFailure(importId: string, options: z.infer<typeof ImportBillingInput>, createdBy: string, bytes: number, err: unknown, ms: number): Promise<void> {
  const error = err instanceof VigilError ? { message: err.message, ...err.details } : { message: "internal error" };
  await pool()
    .query(
      `INSERT INTO billing_import (id, format, file_name, via, status, bytes, error, duration_ms, created_by) VALUES ($1, $2, $3, $4, 'failed', $5, $6, $7, $8)`,
      [importId, options.format, options.fileName, options.via, bytes, JSON.stringify(error), Math.round(ms), createdBy],
    )
    .catch((recordErr: unknown) => console.warn(`could not record the failed import: ${(recordErr as Error).message}`));
}

/** numeric text without trailing fraction zeros: "18.006639000000000000" → "18.006639". */
export function trimDecimal(value: string | null): string {
  if (value === null) return "0";
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}
