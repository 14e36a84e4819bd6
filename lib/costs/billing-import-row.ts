import type pg from "pg";
import { jsonbSafe } from "../copy-text";
import { pool } from "../db";
import { VigilError } from "../errors";
import type { ImportBillingResult } from "./schemas";

// The billing_import row of one import, written outside the import's own transaction so the
// Imports page shows it while it runs or waits, and keeps it (with its error) when it fails.

export type ImportStatus = "running" | "queued" | "succeeded" | "failed" | "replaced";

export interface ImportRowStart {
  importId: string;
  format: string;
  fileName: string;
  via: string;
  createdBy: string;
}

export async function startImportRow(row: ImportRowStart): Promise<void> {
  await pool().query(
    `INSERT INTO billing_import (id, format, file_name, via, status, created_by) VALUES ($1, $2, $3, $4, 'running', $5)`,
    [row.importId, row.format, row.fileName, row.via, row.createdBy],
  );
}

/** queued while it waits for another import of the same period, running again once it may go on. */
export async function markImportRow(importId: string, status: "queued" | "running"): Promise<void> {
  await pool().query(`UPDATE billing_import SET status = $2 WHERE id = $1 AND status IN ('running', 'queued')`, [
    importId,
    status,
  ]);
}

/** What the file was, beside what it added up to. */
export interface ImportedFile {
  bytes: number;
  sha256: string | null;
  providers: string[];
  durationMs: number;
  /** The UTC days [from, to) the import's allocation redoes. */
  allocationDays: { from: string; to: string };
}

/** The import's row once its lines are in, written in the import's transaction so both commit or neither does. */
export async function succeedImportRow(
  client: pg.ClientBase,
  result: Omit<ImportBillingResult, "allocation">,
  file: ImportedFile,
): Promise<void> {
  await client.query(
    `UPDATE billing_import SET status = 'succeeded', rows = $2, bytes = $3, sha256 = $4, billed_cost = $5, effective_cost = $6, totals = $7,
     period_start = $8, period_end = $9, providers = $10, replaced_rows = $11, duration_ms = $12,
     allocation_from = $13, allocation_to = $14 WHERE id = $1`,
    [
      result.importId,
      result.rows,
      file.bytes,
      file.sha256,
      result.billedCost,
      result.effectiveCost,
      JSON.stringify(result.totals),
      result.period?.start,
      result.period?.end,
      file.providers,
      result.replacedRows,
      Math.round(file.durationMs),
      file.allocationDays.from,
      file.allocationDays.to,
    ],
  );
}

/** A failed attempt stays listed, with the error its sender was given. */
export async function failImportRow(importId: string, bytes: number, err: unknown, ms: number): Promise<void> {
  const error = err instanceof VigilError ? { message: err.message, ...err.details } : { message: "internal error" };
  await pool()
    .query(`UPDATE billing_import SET status = 'failed', bytes = $2, error = $3, duration_ms = $4 WHERE id = $1`, [
      importId,
      bytes,
      // The message may quote the bad cell, NUL and all, which jsonb refuses.
      jsonbSafe(JSON.stringify(error)),
      Math.round(ms),
    ])
    .catch((recordErr: unknown) => console.warn(`could not record the failed import: ${(recordErr as Error).message}`));
}
