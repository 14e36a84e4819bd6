import type pg from "pg";
import type { DailyActivity } from "./evidence";

// What the traces and the delivery records say, as the rules read it: entry requests per day for
// each service and each environment, and deployments per day for each environment. `since` is
// when Vigil first saw the service or environment (span_day keeps that long after the minutes are
// gone): before it, a missing day is unknown rather than zero.

export interface Activity {
  serviceRequests: Map<string, DailyActivity>;
  /** By serviceEnvironmentKey: a service's traffic in one environment (prod traffic is not a preview's). */
  serviceEnvironmentRequests: Map<string, DailyActivity>;
  environmentRequests: Map<string, DailyActivity>;
  environmentDeployments: Map<string, DailyActivity>;
}

function fold(rows: { key: string; day: string; n: number }[], since: Map<string, string>): Map<string, DailyActivity> {
  const activity = new Map<string, DailyActivity>();
  for (const [key, first] of since) activity.set(key, { since: first, byDay: {} });
  for (const row of rows) {
    const entry = activity.get(row.key) ?? { since: row.day, byDay: {} };
    entry.byDay[row.day] = (entry.byDay[row.day] ?? 0) + row.n;
    if (entry.since === null || row.day < entry.since) entry.since = row.day;
    activity.set(row.key, entry);
  }
  return activity;
}

const firstDays = async (client: pg.Pool | pg.ClientBase, sql: string, params: unknown[] = []) =>
  new Map(
    (await client.query<{ key: string; day: string }>(sql, params)).rows.map((row) => [row.key, row.day] as const),
  );

export const serviceEnvironmentKey = (service: string, environment: string) => `${service}\u001f${environment}`;

/** Delivery's environment names (DevLake's four) as the traces' environment names are usually spelled. */
export const DELIVERY_ENVIRONMENTS: Record<string, string> = {
  PRODUCTION: "production",
  STAGING: "staging",
  TESTING: "test",
  DEVELOPMENT: "dev",
};

export async function loadActivity(client: pg.Pool | pg.ClientBase, from: Date, to: Date): Promise<Activity> {
  const traffic = (
    await client.query<{ service: string; environment: string; day: string; n: number }>(
      `SELECT service, environment, (minute AT TIME ZONE 'UTC')::date::text AS day, sum(requests)::float8 AS n
       FROM feature_usage_minute WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2, 3`,
      [from, to],
    )
  ).rows;
  const serviceSince = await firstDays(client, "SELECT service AS key, min(day)::text AS day FROM span_day GROUP BY 1");
  const serviceEnvironmentSince = await firstDays(
    client,
    `SELECT service || chr(31) || environment AS key, min(day)::text AS day FROM span_day WHERE environment <> '' GROUP BY 1`,
  );
  const environmentSince = await firstDays(
    client,
    "SELECT environment AS key, min(day)::text AS day FROM span_day WHERE environment <> '' GROUP BY 1",
  );
  const deployments = (
    await client.query<{ key: string; day: string; n: number }>(
      `SELECT environment AS key, (finished_at AT TIME ZONE 'UTC')::date::text AS day, count(*)::int AS n
       FROM delivery_deployment WHERE finished_at >= $1 AND finished_at < $2 GROUP BY 1, 2`,
      [from, to],
    )
  ).rows;
  // Delivery data counts from its first event: an environment with none since then had none.
  const deliverySince = await firstDays(
    client,
    "SELECT environment AS key, (min(finished_at) AT TIME ZONE 'UTC')::date::text AS day FROM delivery_deployment GROUP BY 1",
  );
  const named = (key: string) => DELIVERY_ENVIRONMENTS[key] ?? key.toLowerCase();
  return {
    serviceRequests: fold(
      traffic.map((row) => ({ key: row.service, day: row.day, n: row.n })),
      serviceSince,
    ),
    serviceEnvironmentRequests: fold(
      traffic
        .filter((row) => row.environment)
        .map((row) => ({ key: serviceEnvironmentKey(row.service, row.environment), day: row.day, n: row.n })),
      serviceEnvironmentSince,
    ),
    environmentRequests: fold(
      traffic.filter((row) => row.environment).map((row) => ({ key: row.environment, day: row.day, n: row.n })),
      environmentSince,
    ),
    environmentDeployments: fold(
      deployments.map((row) => ({ ...row, key: named(row.key) })),
      new Map([...deliverySince].map(([key, day]) => [named(key), day])),
    ),
  };
}

export interface ManagedResource {
  address: string;
  type: string;
  provider: string;
  cloudId: string | null;
  arn: string | null;
  tags: Record<string, string>;
}

/** Every resource in an imported Terraform state (the "managed" ones). */
export async function loadManaged(client: pg.Pool | pg.ClientBase): Promise<ManagedResource[]> {
  const { rows } = await client.query<ManagedResource>(
    `SELECT r.address, r.type, r.provider, r.cloud_id AS "cloudId", r.arn, r.tags FROM inventory_resource r`,
  );
  return rows;
}

/** Each service's team, for owners of findings the bill does not name. */
export async function loadServiceTeams(client: pg.Pool | pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; team: string }>("SELECT name, team FROM service");
  return new Map(rows.map((row) => [row.name, row.team]));
}
