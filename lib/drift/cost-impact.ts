import type pg from "pg";
import type { AttributeChange } from "./schemas";

// What a drift costs: the resource's average daily effective cost from the bill in the week
// before it was first seen and since (up to a week), per currency, and a changed size or class.

const SIZE =
  /(^|\.)(instance_type|instance_class|node_type|machine_type|vm_size|sku(_name)?|size|tier|storage_class|class)$/;
const DAY = 86_400_000;

export interface CostImpact {
  resourceId: string;
  sizeChanges: AttributeChange[];
  /** currency → average daily effective cost before and after (exact decimal text, null when not billed). */
  daily: Record<string, { before: string | null; after: string | null }>;
}

const COSTS = `SELECT trim(billing_currency) AS currency,
    (sum(effective_cost) FILTER (WHERE charge_period_start < $2) / 7)::numeric(38, 6)::text AS before,
    (sum(effective_cost) FILTER (WHERE charge_period_start >= $2) / $4::int)::numeric(38, 6)::text AS after
  FROM cost_line
  WHERE resource_id = $1 AND charge_period_start >= $2::timestamptz - interval '7 days' AND charge_period_start < $3
    AND charge_category <> 'Purchase'
  GROUP BY 1`;

export function sizeChanges(changes: readonly AttributeChange[]): AttributeChange[] {
  return changes.filter((change) => SIZE.test(change.path));
}

/** Null when the resource has no cloud id and no size changed: nothing to say about cost. */
export async function costImpact(
  client: pg.ClientBase,
  cloudId: string | null,
  changes: readonly AttributeChange[],
  firstSeen: Date,
  now: Date,
): Promise<CostImpact | null> {
  const sized = sizeChanges(changes);
  if (!cloudId && sized.length === 0) return null;
  const afterDays = Math.max(1, Math.min(7, Math.ceil((now.getTime() - firstSeen.getTime()) / DAY)));
  const until = new Date(Math.min(now.getTime(), firstSeen.getTime() + 7 * DAY));
  const rows = cloudId
    ? (
        await client.query<{ currency: string; before: string | null; after: string | null }>(COSTS, [
          cloudId,
          firstSeen,
          until,
          afterDays,
        ])
      ).rows
    : [];
  return {
    resourceId: cloudId ?? "",
    sizeChanges: sized,
    daily: Object.fromEntries(rows.map((row) => [row.currency, { before: row.before, after: row.after }])),
  };
}
