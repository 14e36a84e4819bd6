import type { AttributionMapping } from "@/lib/agent/schemas";
import { UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { pool } from "@/lib/db";

// The unallocated spend an attribution would take: allocation rows left to UNALLOCATED over the
// 90 days before `asOf` whose resource the mapping names, or whose cost line or inventory
// resource carries the mapping's tag (keys compared whatever their case, as the allocation does).

const DAY_MS = 86_400_000;
export const UNALLOCATED_DAYS = 90;

const BY_RESOURCE = `
  SELECT count(*)::int AS rows, COALESCE(sum(effective_cost), 0)::text AS cost FROM cost_allocation
  WHERE feature = $1 AND day >= $2::date AND day < $3::date AND resource_id = ANY($4::text[])`;

const BY_TAG = `
  WITH tagged AS (
    SELECT DISTINCT resource_id FROM cost_line l
    WHERE l.charge_period_start >= $2 AND l.charge_period_start < $3 AND l.resource_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM jsonb_each_text(l.tags) t WHERE lower(t.key) = $4 AND t.value = $5)
    UNION
    SELECT COALESCE(r.cloud_id, r.arn) FROM inventory_resource r
    WHERE EXISTS (SELECT 1 FROM jsonb_each_text(r.tags) t WHERE lower(t.key) = $4 AND t.value = $5)
    UNION
    SELECT r.arn FROM inventory_resource r
    WHERE r.arn IS NOT NULL AND EXISTS (SELECT 1 FROM jsonb_each_text(r.tags) t WHERE lower(t.key) = $4 AND t.value = $5)
  )
  SELECT count(*)::int AS rows, COALESCE(sum(a.effective_cost), 0)::text AS cost FROM cost_allocation a
  WHERE a.feature = $1 AND a.day >= $2::date AND a.day < $3::date AND a.resource_id IN (SELECT resource_id FROM tagged)`;

export async function loadUnallocated(
  mapping: AttributionMapping,
  asOf: Date,
): Promise<{ rows: number; cost: string }> {
  const from = new Date(asOf.getTime() - UNALLOCATED_DAYS * DAY_MS);
  const { rows } =
    mapping.type === "resource-feature"
      ? await pool().query<{ rows: number; cost: string }>(BY_RESOURCE, [UNALLOCATED, from, asOf, mapping.resourceIds])
      : await pool().query<{ rows: number; cost: string }>(BY_TAG, [
          UNALLOCATED,
          from,
          asOf,
          mapping.tagKey.toLowerCase(),
          mapping.tagValue,
        ]);
  return rows[0] ?? { rows: 0, cost: "0" };
}
