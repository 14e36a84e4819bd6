import { z } from "zod";
import { authorize, can, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import type { ImportStatus } from "./billing-import-row";
import type { CurrencyTotal } from "./currency-totals";

export const ListImportsInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last import of the previous page. */
  after: z.uuid({ error: "the id of an import (a UUID)" }).optional(),
});
export type ListImportsInput = z.input<typeof ListImportsInput>;

export interface ImportRow {
  id: string;
  format: string;
  fileName: string;
  via: string;
  /** queued: waiting for another import of the same provider, billing account and period. */
  status: ImportStatus;
  rows: number;
  bytes: number;
  /** Per billing currency; empty until the import succeeds. */
  totals: CurrencyTotal[];
  /** The one total of a single-currency file; null when the file mixes currencies. */
  billedCost: string | null;
  effectiveCost: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  providers: string[];
  replacedRows: number;
  replacedBy: string | null;
  error: { message: string; file?: string; line?: number | null; column?: string | null } | null;
  durationMs: number | null;
  /** Its own allocation, once it succeeded: when it finished, or why it failed (the reason for admins only). */
  allocation: ImportAllocationState | null;
  createdBy: string;
  createdAt: string;
}

export interface ImportAllocationState {
  /** The UTC days [from, to) it allocates. */
  from: string;
  to: string;
  /** pending: committed, its allocation still running (or its process stopped: the worker does it). */
  status: "allocated" | "failed" | "pending";
  allocatedAt: string | null;
  error: string | null;
}

export interface ImportPage {
  items: ImportRow[];
  nextAfter: string | null;
}

const SELECT = `
  SELECT i.id, i.format, i.file_name AS "fileName", i.via, i.status, i.rows, i.bytes::float8 AS bytes, COALESCE(i.totals, '[]') AS totals,
         trim_scale(i.billed_cost)::text AS "billedCost", trim_scale(i.effective_cost)::text AS "effectiveCost",
         to_char(i.period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "periodStart",
         to_char(i.period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "periodEnd",
         i.providers, i.replaced_rows AS "replacedRows", i.replaced_by AS "replacedBy", i.error, i.duration_ms AS "durationMs",
         i.allocation_from::text AS "allocationFrom", i.allocation_to::text AS "allocationTo",
         to_char(i.allocated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "allocatedAt", i.allocation_error AS "allocationError",
         i.created_by AS "createdBy", to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
  FROM billing_import i`;

/** Every billing import, newest first, failed and queued ones included. */
export async function listImports(ctx: Ctx, input: ListImportsInput = {}): Promise<ImportPage> {
  authorize(ctx, "read");
  const { limit, after } = parseInput(ListImportsInput, input);
  // The cursor row's (created_at, id) bounds the page; an unknown id starts from the newest.
  const { rows } = await pool().query<ImportRow & AllocationColumns>(
    `${SELECT}
     LEFT JOIN billing_import c ON c.id = $2
     WHERE c.id IS NULL OR (i.created_at, i.id) < (c.created_at, c.id)
     ORDER BY i.created_at DESC, i.id DESC
     LIMIT $1`,
    [limit + 1, after ?? null],
  );
  const items = rows.slice(0, limit).map((row) => withAllocation(row, can(ctx.actor, "settings:read")));
  return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
}

interface AllocationColumns {
  allocationFrom: string | null;
  allocationTo: string | null;
  allocatedAt: string | null;
  allocationError: string | null;
}

/** An allocation error can quote the database: its text is for admins, the others read that it failed. */
function withAllocation(row: ImportRow & AllocationColumns, admin: boolean): ImportRow {
  const { allocationFrom: from, allocationTo: to, allocatedAt, allocationError, ...item } = row;
  if (row.status !== "succeeded" || from === null || to === null) return { ...item, allocation: null };
  const status = allocatedAt ? "allocated" : allocationError ? "failed" : "pending";
  return { ...item, allocation: { from, to, status, allocatedAt, error: admin ? allocationError : null } };
}
