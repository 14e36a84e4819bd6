import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { blankAsUnset, day, integer, parseInput, text } from "../validation";

/** Rows skipped at most: past this, narrow the filter instead of paging. */
export const MAX_INVENTORY_OFFSET = 1_000_000;

export const ListInventoryInput = z.object({
  limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
  offset: z.preprocess(blankAsUnset, integer(0, MAX_INVENTORY_OFFSET).default(0)),
  q: z.preprocess(blankAsUnset, text(200).optional()),
  from: day(),
  to: day(),
});

export interface InventoryRow {
  address: string;
  type: string;
  provider: string;
  cloudId: string | null;
  /** The ARN when the provider gives one (AWS), shown beside the Terraform address. */
  arn: string | null;
  tags: Record<string, string>;
  state: string;
  serial: number;
  /** Effective cost of the lines naming this resource in [from, to), exact. */
  cost: string;
}

/**
 * Managed resources from every imported Terraform state with what their cost lines add up to,
 * costliest first, matched on the cloud id or ARN.
 */
export async function listInventory(
  ctx: Ctx,
  input: z.input<typeof ListInventoryInput>,
): Promise<{ items: InventoryRow[]; total: number; states: number }> {
  authorize(ctx, "read");
  const { limit, offset, q, from, to } = parseInput(ListInventoryInput, input);
  const filter = q?.trim() ? `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await pool().query<InventoryRow & { total: string; states: string }>(
    `WITH costs AS (
       SELECT resource_id, sum(effective_cost) AS cost FROM cost_line
       WHERE charge_period_start >= $1::date AND charge_period_start < $2::date AND resource_id IS NOT NULL GROUP BY 1
     )
     SELECT r.address, r.type, r.provider, r.cloud_id AS "cloudId", r.arn, r.tags, s.name AS state, s.serial,
            trim_scale(COALESCE(c.cost, a.cost, 0))::text AS cost, count(*) OVER ()::text AS total,
            (SELECT count(*) FROM terraform_state)::text AS states
     FROM inventory_resource r JOIN terraform_state s ON s.id = r.state_id
     LEFT JOIN costs c ON c.resource_id = r.cloud_id
     LEFT JOIN costs a ON a.resource_id = r.arn AND r.arn IS DISTINCT FROM r.cloud_id
     WHERE $3::text IS NULL OR r.address ILIKE $3 OR r.cloud_id ILIKE $3 OR r.arn ILIKE $3 OR r.tags::text ILIKE $3
     ORDER BY COALESCE(c.cost, a.cost, 0) DESC, r.address
     LIMIT $4 OFFSET $5`,
    [from, to, filter, limit, offset],
  );
  return {
    items: rows.map(({ total: _t, states: _s, ...row }) => row),
    total: Number(rows[0]?.total ?? 0),
    states: Number(rows[0]?.states ?? 0),
  };
}
