import type pg from "pg";
import { UNALLOCATED } from "../attribution/reserved-keys";
import type { ServiceDayCost } from "./pivot-spend";

// The Overview's reads from cost_allocation, in the caller's transaction so the chart, the tiles
// and the table come from one snapshot. `metric` is checked by the input schema before it gets here.

export type Metric = "effective" | "billed";

interface Window {
  from: string;
  to: string;
}

export interface ServiceRow {
  name: string;
  team: string;
  tier: string;
  environments: string[] | null;
  spend: string | null;
}

export interface PeriodRow {
  total: string | null;
  days: number;
  unallocated: string | null;
  services: number;
}

const MAX_SERVICES = 200;

export async function readSpendByDay(client: pg.ClientBase, { from, to }: Window, metric: Metric) {
  const { rows } = await client.query<ServiceDayCost>(
    `SELECT day::text AS day, app_service AS service, trim_scale(sum(${metric}_cost))::text AS cost
     FROM cost_allocation WHERE day >= $1::date AND day < $2::date
     GROUP BY day, app_service ORDER BY day, app_service`,
    [from, to],
  );
  return rows;
}

/** Registered services, largest spend first, with the environments their spend came from. */
export async function readServices(client: pg.ClientBase, { from, to }: Window, metric: Metric) {
  const { rows } = await client.query<ServiceRow>(
    `SELECT s.name, s.team, s.tier, d.environments, trim_scale(d.spend)::text AS spend
     FROM service s
     LEFT JOIN (
       SELECT app_service, array_agg(DISTINCT environment ORDER BY environment) AS environments, sum(${metric}_cost) AS spend
       FROM cost_allocation WHERE day >= $1::date AND day < $2::date GROUP BY app_service
     ) d ON d.app_service = s.name
     ORDER BY d.spend DESC NULLS LAST, s.name LIMIT $3`,
    [from, to, MAX_SERVICES],
  );
  return rows;
}

/** A period's total, days with spend, spend given to no feature, and services with spend. */
export async function readPeriod(client: pg.ClientBase, { from, to }: Window, metric: Metric): Promise<PeriodRow> {
  const { rows } = await client.query<PeriodRow>(
    `SELECT trim_scale(sum(${metric}_cost))::text AS total, count(DISTINCT day)::int AS days,
            trim_scale(sum(${metric}_cost) FILTER (WHERE feature = $3))::text AS unallocated,
            count(DISTINCT app_service) FILTER (WHERE app_service <> $3)::int AS services
     FROM cost_allocation WHERE day >= $1::date AND day < $2::date`,
    [from, to, UNALLOCATED],
  );
  return rows[0];
}

/** Spend per day over [from, to), for the month to date and its forecast. */
export async function readDailyTotals(client: pg.ClientBase, { from, to }: Window, metric: Metric) {
  const { rows } = await client.query<{ day: string; cost: string }>(
    `SELECT day::text AS day, sum(${metric}_cost)::text AS cost FROM cost_allocation
     WHERE day >= $1::date AND day < $2::date GROUP BY 1`,
    [from, to],
  );
  return rows;
}

export async function readLastAllocatedAt(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ at: Date | null }>("SELECT max(computed_at) AS at FROM cost_allocation");
  return rows[0]?.at?.toISOString() ?? null;
}
