import type pg from "pg";

// What the traces and the delivery records say: entry requests per service, environment and UTC
// day, and each service's and environment's last deployment.

export interface TrafficDay {
  service: string;
  environment: string;
  day: string;
  requests: number;
}

export async function loadTraffic(client: pg.ClientBase, from: Date, to: Date): Promise<TrafficDay[]> {
  const { rows } = await client.query<TrafficDay>(
    `SELECT service, environment, (minute AT TIME ZONE 'UTC')::date::text AS day, sum(requests)::float8 AS requests
     FROM feature_usage_minute WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2, 3`,
    [from, to],
  );
  return rows;
}

export interface LastDeployment {
  service: string;
  environment: string;
  at: Date;
}

/** The newest successful deployment per service and environment (DevLake's environment names). */
export async function loadLastDeployments(client: pg.ClientBase): Promise<LastDeployment[]> {
  const { rows } = await client.query<LastDeployment>(
    `SELECT service, lower(environment) AS environment, max(finished_at) AS at FROM delivery_deployment
     WHERE result = 'SUCCESS' GROUP BY 1, 2`,
  );
  return rows;
}

/** Each service's team, for owners of findings the bill does not name. */
export async function loadServiceTeams(client: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; team: string }>("SELECT name, team FROM service");
  return new Map(rows.map((row) => [row.name, row.team]));
}

export interface ManagedResource {
  address: string;
  module: string | null;
  type: string;
  name: string;
  provider: string;
  cloudId: string | null;
  arn: string | null;
  tags: Record<string, string>;
  state: string;
}

/** Every resource in an imported Terraform state (the "managed" ones). */
export async function loadManaged(client: pg.ClientBase): Promise<ManagedResource[]> {
  const { rows } = await client.query<ManagedResource>(
    `SELECT r.address, r.module, r.type, r.name, r.provider, r.cloud_id AS "cloudId", r.arn, r.tags, s.name AS state
     FROM inventory_resource r JOIN terraform_state s ON s.id = r.state_id`,
  );
  return rows;
}
