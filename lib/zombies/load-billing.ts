import type pg from "pg";

// What the bill says about each resource over the scan's window: its effective cost per day and
// currency (the monthly saving a teardown would bring, and whether it keeps billing), and the team,
// environment and app service the cost allocation gave it (so the Zombies page and the Costs pages
// name the same owner).

export interface BilledResource {
  resourceId: string;
  provider: string;
  resourceType: string | null;
  resourceName: string | null;
  region: string | null;
  /** The billing account of its newest line. */
  billingAccount: string;
  /** UTC day → currency → effective cost that day (exact decimal text). */
  costs: Record<string, Record<string, string>>;
  tags: Record<string, string>;
  team: string | null;
  environment: string | null;
  appService: string | null;
}

// Lines are summed per resource, day and currency first (a month holds millions of lines), then
// folded into one object per resource; the newest line gives the name, type, region and tags.
const BILLED = `
  WITH daily AS (
    SELECT resource_id, (charge_period_start AT TIME ZONE 'UTC')::date::text AS day, trim(billing_currency) AS currency,
      sum(effective_cost)::text AS cost
    FROM cost_line
    WHERE charge_period_start >= $1 AND charge_period_start < $2 AND resource_id IS NOT NULL AND resource_id <> ''
      AND charge_category <> 'Purchase'
    GROUP BY 1, 2, 3
  ), by_day AS (
    SELECT resource_id, day, jsonb_object_agg(currency, cost) AS currencies FROM daily GROUP BY 1, 2
  ), costs AS (
    SELECT resource_id, jsonb_object_agg(day, currencies) AS costs FROM by_day GROUP BY 1
  ), latest AS (
    SELECT DISTINCT ON (resource_id) resource_id, provider_name, resource_type, resource_name, region_id, tags,
      billing_account_id
    FROM cost_line
    WHERE charge_period_start >= $1 AND charge_period_start < $2 AND resource_id IS NOT NULL AND resource_id <> ''
    ORDER BY resource_id, charge_period_start DESC
  ), owner AS (
    SELECT DISTINCT ON (resource_id) resource_id, NULLIF(team, '') AS team, NULLIF(environment, '') AS environment,
      NULLIF(app_service, '') AS app_service
    FROM cost_allocation WHERE day >= $1::date AND day < $2::date AND resource_id <> ''
    ORDER BY resource_id, day DESC, effective_cost DESC
  )
  SELECT c.resource_id AS "resourceId", l.provider_name AS provider, l.resource_type AS "resourceType",
    l.resource_name AS "resourceName", l.region_id AS region, l.billing_account_id AS "billingAccount", c.costs, COALESCE(l.tags, '{}'::jsonb) AS tags,
    o.team, o.environment, o.app_service AS "appService"
  FROM costs c JOIN latest l USING (resource_id) LEFT JOIN owner o USING (resource_id)`;

/** Every resource billed in [from, to) with its cost per day and currency. */
export async function loadBilling(client: pg.Pool | pg.ClientBase, from: Date, to: Date): Promise<BilledResource[]> {
  return (await client.query<BilledResource>(BILLED, [from, to])).rows;
}

/** Where a resource's bill ends: the newest day its account's bill covers, and whether that day charged it. */
export interface BillEnd {
  day: Date;
  charged: boolean;
}

/**
 * The bill end of every resource billed since `from` (teardown verification). Each billing account
 * is read up to its own newest day: one account's bill arriving does not say another's has stopped.
 */
export async function loadBillEnds(
  client: pg.Pool | pg.ClientBase,
  billed: readonly BilledResource[],
  from: Date,
): Promise<Map<string, BillEnd>> {
  const { rows } = await client.query<{ account: string; day: string }>(
    `SELECT billing_account_id AS account, (max(charge_period_start) AT TIME ZONE 'UTC')::date::text AS day
     FROM cost_line WHERE charge_period_start >= $1 GROUP BY 1`,
    [from],
  );
  const newest = new Map(rows.map((row) => [row.account, row.day]));
  const ends = new Map<string, BillEnd>();
  for (const resource of billed) {
    const day = newest.get(resource.billingAccount);
    if (!day) continue;
    const charged = Object.values(resource.costs[day] ?? {}).some((cost) => Number(cost) !== 0);
    ends.set(resource.resourceId, { day: new Date(`${day}T00:00:00Z`), charged });
  }
  return ends;
}

export interface CommitmentDay {
  commitmentId: string;
  name: string | null;
  currency: string;
  day: string;
  used: string;
  unused: string;
}

/** Used and Unused effective cost per commitment and day (FOCUS CommitmentDiscountStatus). */
export async function loadCommitments(client: pg.Pool | pg.ClientBase, from: Date, to: Date): Promise<CommitmentDay[]> {
  const { rows } = await client.query<CommitmentDay>(
    `SELECT commitment_discount_id AS "commitmentId", max(commitment_discount_name) AS name, trim(billing_currency) AS currency,
       (charge_period_start AT TIME ZONE 'UTC')::date::text AS day,
       COALESCE(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Used'), 0)::text AS used,
       COALESCE(sum(effective_cost) FILTER (WHERE commitment_discount_status = 'Unused'), 0)::text AS unused
     FROM cost_line
     WHERE charge_period_start >= $1 AND charge_period_start < $2 AND commitment_discount_id IS NOT NULL
       AND commitment_discount_status IN ('Used', 'Unused')
     GROUP BY 1, 3, 4 ORDER BY 1, 4`,
    [from, to],
  );
  return rows;
}
