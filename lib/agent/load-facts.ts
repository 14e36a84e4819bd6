import { pool } from "@/lib/db";

// What Vigil knows about the things a proposal names, read in a handful of queries: inventory
// resources (an address matches its instances, aws_instance.web matches aws_instance.web[0]), the
// zombie findings, and the bill of the resources over the 30 days before `asOf`.

const DAY_MS = 86_400_000;
export const BILL_DAYS = 30;

export interface InventoryFact {
  address: string;
  /** The address without its instance key: what an HCL block declares. */
  block: string;
  type: string;
  cloudId: string | null;
  arn: string | null;
  tags: Record<string, string>;
}

export interface FindingFact {
  id: string;
  status: string;
  clearedAt: Date | null;
  protected: boolean;
  protectedReason: string | null;
  address: string | null;
  resourceId: string;
  arn: string | null;
}

/** resource id → currency → effective cost over the window (exact decimal text). */
export type Bill = Map<string, Map<string, string>>;

export const blockOf = (address: string) => address.replace(/\[[^\]]*\]$/, "");

export async function loadInventory(addresses: readonly string[]): Promise<InventoryFact[]> {
  if (!addresses.length) return [];
  const blocks = [...new Set(addresses.map(blockOf))];
  const { rows } = await pool().query<InventoryFact>(
    `SELECT address, regexp_replace(address, '\\[[^\\]]*\\]$', '') AS block, type, cloud_id AS "cloudId", arn, tags
     FROM inventory_resource WHERE regexp_replace(address, '\\[[^\\]]*\\]$', '') = ANY($1::text[])`,
    [blocks],
  );
  return rows;
}

/** Block addresses with a zombie finding approved for teardown (approved, planned or done). */
export async function loadApprovedTeardowns(addresses: readonly string[]): Promise<Set<string>> {
  if (!addresses.length) return new Set();
  const { rows } = await pool().query<{ address: string }>(
    `SELECT DISTINCT regexp_replace(address, '\\[[^\\]]*\\]$', '') AS address FROM zombie_finding
     WHERE status IN ('approved', 'planned', 'done') AND regexp_replace(address, '\\[[^\\]]*\\]$', '') = ANY($1::text[])`,
    [[...new Set(addresses.map(blockOf))]],
  );
  return new Set(rows.map((row) => row.address));
}

export async function loadFindings(ids: readonly string[]): Promise<FindingFact[]> {
  if (!ids.length) return [];
  const { rows } = await pool().query<FindingFact>(
    `SELECT id, status, cleared_at AS "clearedAt", protected, protected_reason AS "protectedReason", address,
            resource_id AS "resourceId", arn
     FROM zombie_finding WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

/** Effective cost per resource and currency over the BILL_DAYS before `asOf`, purchases left out. */
export async function loadBill(resourceIds: readonly string[], asOf: Date): Promise<Bill> {
  const bill: Bill = new Map();
  const ids = [...new Set(resourceIds.filter(Boolean))];
  if (!ids.length) return bill;
  const { rows } = await pool().query<{ resource_id: string; currency: string; cost: string }>(
    `SELECT resource_id, trim(billing_currency) AS currency, sum(effective_cost)::text AS cost
     FROM cost_line
     WHERE resource_id = ANY($1::text[]) AND charge_period_start >= $2 AND charge_period_start < $3
       AND charge_category <> 'Purchase'
     GROUP BY 1, 2`,
    [ids, new Date(asOf.getTime() - BILL_DAYS * DAY_MS), asOf],
  );
  for (const row of rows) {
    const byCurrency = bill.get(row.resource_id) ?? new Map<string, string>();
    byCurrency.set(row.currency, row.cost);
    bill.set(row.resource_id, byCurrency);
  }
  return bill;
}
