import { pool } from "../db";
import { VigilError } from "../errors";

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

/** A failed attempt stays listed, with the error its sender was given. */
export async function failImportRow(importId: string, bytes: number, err: unknown, ms: number): Promise<void> {
  const error = err instanceof VigilError ? { message: err.message, ...err.details } : { message: "internal error" };
  await pool()
    .query(`UPDATE billing_import SET status = 'failed', bytes = $2, error = $3, duration_ms = $4 WHERE id = $1`, [
      importId,
      bytes,
      JSON.stringify(error),
      Math.round(ms),
    ])
    .catch((recordErr: unknown) => console.warn(`could not record the failed import: ${(recordErr as Error).message}`));
}
