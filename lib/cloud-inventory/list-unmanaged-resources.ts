import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { VigilError } from "../errors";
import { blankAsUnset, day, integer, parseInput, text } from "../validation";
import type { CloudResourceKind } from "./schemas";

/** Rows skipped at most: past this, narrow the filter instead of paging. */
export const MAX_UNMANAGED_OFFSET = 1_000_000;

const ListUnmanagedInput = z.object({
  from: day().describe("First day of the bill window (the cost lines that make a resource 'in the bill')"),
  to: day().describe("Day after the last day of the window"),
  limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
  offset: z.preprocess(blankAsUnset, integer(0, MAX_UNMANAGED_OFFSET).default(0)),
  q: z.preprocess(blankAsUnset, text(200).optional()),
});

/** A resource in the cloud inventory or the bill that no imported Terraform state manages. */
export interface UnmanagedResource {
  /** The cloud id, ARN or bill resource id. */
  resourceId: string;
  arn: string | null;
  /** Null for a resource only the bill names. */
  kind: CloudResourceKind | null;
  name: string | null;
  region: string | null;
  account: string | null;
  state: string | null;
  inCloudInventory: boolean;
  /** Whether cost lines in [from, to) name it (by id or ARN). */
  billed: boolean;
}

// Managed: a Terraform state names it by cloud id or ARN (an LB's Terraform id is its ARN). Each
// match is its own NOT EXISTS on one column, so PostgreSQL can anti-join by hash or index.
const MANAGED = (id: string) =>
  `(EXISTS (SELECT 1 FROM inventory_resource r WHERE r.cloud_id = ${id}) OR EXISTS (SELECT 1 FROM inventory_resource r WHERE r.arn = ${id}))`;
const SQL = `WITH billed AS (
    SELECT DISTINCT resource_id AS id FROM cost_line
    WHERE charge_period_start >= $1::date AND charge_period_start < $2::date AND resource_id IS NOT NULL
  ), cloud AS (
    SELECT c.resource_id AS "resourceId", c.arn, c.kind, c.name, c.region, c.account, c.state, true AS "inCloudInventory",
           (EXISTS (SELECT 1 FROM billed b WHERE b.id = c.resource_id) OR EXISTS (SELECT 1 FROM billed b WHERE b.id = c.arn)) AS billed
    FROM cloud_resource c
    WHERE c.gone_at IS NULL AND NOT ${MANAGED("c.resource_id")} AND (c.arn IS NULL OR NOT ${MANAGED("c.arn")})
  ), bill_only AS (
    SELECT b.id AS "resourceId", NULL::text AS arn, NULL::text AS kind, NULL::text AS name, NULL::text AS region,
           NULL::text AS account, NULL::text AS state, false AS "inCloudInventory", true AS billed
    FROM billed b
    WHERE NOT ${MANAGED("b.id")}
      AND NOT EXISTS (SELECT 1 FROM cloud_resource c WHERE c.resource_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM cloud_resource c WHERE c.arn = b.id)
  ), everything AS (SELECT * FROM cloud UNION ALL SELECT * FROM bill_only)
  SELECT *, count(*) OVER ()::text AS total FROM everything
  WHERE $3::text IS NULL OR "resourceId" ILIKE $3 OR arn ILIKE $3 OR name ILIKE $3
  ORDER BY billed DESC, kind NULLS LAST, "resourceId", account NULLS FIRST, region NULLS FIRST
  LIMIT $4 OFFSET $5`;

/**
 * Unmanaged resources: in the cloud inventory (not gone) or named by cost lines in [from, to),
 * but in no imported Terraform state. Billed ones first; a page at a time with the total.
 */
export async function listUnmanagedResources(
  ctx: Ctx,
  page: z.input<typeof ListUnmanagedInput>,
): Promise<{ items: UnmanagedResource[]; total: number }> {
  authorize(ctx, "read");
  const { from, to, limit, offset, q } = parseInput(ListUnmanagedInput, page);
  if (to <= from) throw new VigilError("bad_request", "to: must be after from", { field: "to" });
  const filter = q?.trim() ? `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await pool().query<UnmanagedResource & { total: string }>(SQL, [from, to, filter, limit, offset]);
  return { items: rows.map(({ total: _t, ...row }) => row), total: Number(rows[0]?.total ?? 0) };
}
