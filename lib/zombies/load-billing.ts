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
    SELECT DISTINCT ON (resource_id) resource_id, provider_name, resource_type, resource_name, region_id, tags
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
    l.resource_name AS "resourceName", l.region_id AS region, c.costs, COALESCE(l.tags, '{}'::jsonb) AS tags,
    o.team, o.environment, o.app_service AS "appService"
  FROM costs c JOIN latest l USING (resource_id) LEFT JOIN owner o USING (resource_id)`;

/** Every resource billed in [from, to) with its cost per day and currency. */
export async function loadBilling(client: pg.Pool | pg.ClientBase, from: Date, to: Date): Promise<BilledResource[]> {
  return (await client.query<BilledResource>(BILLED, [from, to])).rows;
}

/** The newest day the bill covers, and the resources charged on it (teardown verification). */
export async function loadBillFrontier(
  client: pg.Pool | pg.ClientBase,
): Promise<{ day: Date | null; billed: Set<string> }> {
  const { rows } = await client.query<{ day: Date | null }>(
    "SELECT date_trunc('day', max(charge_period_start) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day FROM cost_line",
  );
  const day = rows[0]?.day ?? null;
  if (!day) return { day: null, billed: new Set() };
  const billed = await client.query<{ resource_id: string }>(
    `SELECT DISTINCT resource_id FROM cost_line WHERE charge_period_start >= $1 AND charge_period_start < $1 + interval '1 day'
       AND resource_id IS NOT NULL AND effective_cost <> 0`,
    [day],
  );
  return { day, billed: new Set(billed.rows.map((row) => row.resource_id)) };
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
