import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { parseInput } from "../validation";
import { trimDecimal } from "./import-billing";

export const ListImportsInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last import of the previous page. */
  after: z.uuid().optional(),
});
export type ListImportsInput = z.input<typeof ListImportsInput>;

export interface ImportRow {
  id: string;
  format: string;
  fileName: string;
  via: string;
  status: "running" | "succeeded" | "failed" | "replaced";
  rows: number;
  bytes: number;
  billedCost: string | null;
  effectiveCost: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  providers: string[];
  replacedRows: number;
  replacedBy: string | null;
  error: { message: string; file?: string; line?: number | null; column?: string | null } | null;
  durationMs: number | null;
  createdBy: string;
  createdAt: string;
}

export interface ImportPage {
  items: ImportRow[];
  nextAfter: string | null;
}

/** Every billing import, newest first, failed ones included. */
export async function listImports(ctx: Ctx, input: ListImportsInput = {}): Promise<ImportPage> {
  authorize(ctx, "read");
  const { limit, after } = parseInput(ListImportsInput, input);
  const cursor = after ? await db().billingImport.findUnique({ where: { id: after }, select: { createdAt: true, id: true } }) : null;
  const rows = await db().billingImport.findMany({
    where: cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map(
    (row): ImportRow => ({
      ...row,
      status: row.status as ImportRow["status"],
      bytes: Number(row.bytes),
      billedCost: row.billedCost === null ? null : trimDecimal(row.billedCost.toFixed()),
      effectiveCost: row.effectiveCost === null ? null : trimDecimal(row.effectiveCost.toFixed()),
      periodStart: row.periodStart?.toISOString() ?? null,
      periodEnd: row.periodEnd?.toISOString() ?? null,
      error: row.error as ImportRow["error"],
      createdAt: row.createdAt.toISOString(),
    }),
  );
  return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
}
