import type pg from "pg";

// What the bill says about each resource over the scan's window: its effective cost per currency
// (the monthly saving a teardown would bring), how many days it was billed, and the team,
// environment and app service the cost allocation gave it (so the Zombies page and the Costs
// pages name the same owner). Summed in SQL: a month holds millions of lines.

export interface BilledResource {
  resourceId: string;
  provider: string;
  cloudService: string;
  resourceType: string | null;
  resourceName: string | null;
  region: string | null;
  currency: string;
  /** Effective cost in [from, to), exact decimal text. */
  cost: string;
  daysBilled: number;
  lastDay: string;
  tags: Record<string, string>;
  team: string | null;
  environment: string | null;
  appService: string | null;
}

const BILLED = `
  WITH billed AS (
    SELECT resource_id, billing_currency AS currency, sum(effective_cost) AS cost,
      count(DISTINCT (charge_period_start AT TIME ZONE 'UTC')::date)::int AS days,
      max((charge_period_start AT TIME ZONE 'UTC')::date)::text AS last_day,
      max(provider_name) AS provider, max(service_name) AS cloud_service, max(resource_type) AS resource_type,
      max(resource_name) AS resource_name, max(region_id) AS region,
      (array_agg(tags ORDER BY charge_period_start DESC))[1] AS tags
    FROM cost_line
    WHERE charge_period_start >= $1 AND charge_period_start < $2 AND resource_id IS NOT NULL AND resource_id <> ''
      AND charge_category <> 'Purchase'
    GROUP BY 1, 2
  ), owner AS (
    SELECT DISTINCT ON (resource_id) resource_id, NULLIF(team, '') AS team, NULLIF(environment, '') AS environment,
      NULLIF(app_service, '') AS app_service
    FROM cost_allocation WHERE day >= $1::date AND day < $2::date AND resource_id <> ''
    ORDER BY resource_id, day DESC, effective_cost DESC
  )
  SELECT b.resource_id AS "resourceId", b.provider, b.cloud_service AS "cloudService", b.resource_type AS "resourceType",
    b.resource_name AS "resourceName", b.region, trim(b.currency) AS currency, b.cost::text AS cost,
    b.days AS "daysBilled", b.last_day AS "lastDay", COALESCE(b.tags, '{}'::jsonb) AS tags, o.team, o.environment,
    o.app_service AS "appService"
  FROM billed b LEFT JOIN owner o USING (resource_id)`;

/** Every resource billed in [from, to), once per currency it was billed in. */
export async function loadBilling(client: pg.ClientBase, from: Date, to: Date): Promise<BilledResource[]> {
  return (await client.query<BilledResource>(BILLED, [from, to])).rows;
}

/** The newest day the bill covers, and the resources charged on it (teardown verification). */
export async function loadBillFrontier(client: pg.ClientBase): Promise<{ day: Date | null; billed: Set<string> }> {
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
export async function loadCommitments(client: pg.ClientBase, from: Date, to: Date): Promise<CommitmentDay[]> {
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
