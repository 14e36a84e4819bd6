import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";

// The estate `npm run bench:agent` validates against: 10,000 Terraform resources of five types,
// two bill lines each over the 30 days before AS_OF, a zombie finding on every EBS volume (some
// approved, some protected) and three days of unallocated spend on every tenth resource.

export const AS_OF = new Date("2030-06-01T00:00:00Z");
export const RESOURCES = 10_000;
export const TYPES = ["aws_instance", "aws_db_instance", "aws_ebs_volume", "aws_s3_bucket", "aws_iam_policy"] as const;

export const addressOf = (i: number) => `${TYPES[i % TYPES.length]}.r${i}`;

export interface Estate {
  findings: { id: string; address: string; protected: boolean; status: string }[];
}

async function inventory() {
  const stateId = randomUUID();
  await pool().query(
    `INSERT INTO terraform_state (id, name, lineage, serial, resources, imported_by) VALUES ($1, 'bench', $2, 1, $3, 'bench')`,
    [stateId, randomUUID(), RESOURCES],
  );
  await pool().query(
    `INSERT INTO inventory_resource (state_id, address, type, name, provider, cloud_id, tags)
     SELECT $1, ($2::text[])[i % 5 + 1] || '.r' || i, ($2::text[])[i % 5 + 1], 'r' || i,
            'registry.terraform.io/hashicorp/aws', 'res-' || i,
            jsonb_build_object('team', 'team-' || (i % 20), 'app', 'app-' || (i % 50))
              || CASE WHEN i % 100 = 7 THEN '{"vigil-protect": "true"}'::jsonb ELSE '{}'::jsonb END
     FROM generate_series(0, $3 - 1) i`,
    [stateId, TYPES, RESOURCES],
  );
}

async function bill() {
  await pool().query(
    `INSERT INTO cost_line (source, provider_name, billing_account_id, charge_category, charge_period_start,
       charge_period_end, billing_currency, billed_cost, effective_cost, list_cost, service_name, resource_id, tags)
     SELECT 'bench-agent', 'AWS', '111122223333', 'Usage', $1::timestamptz - (d || ' days')::interval,
            $1::timestamptz - (d || ' days')::interval + interval '1 day', 'USD',
            (i % 97 + 1)::numeric, (i % 97 + 1)::numeric, (i % 97 + 1)::numeric, 'Amazon EC2', 'res-' || i,
            jsonb_build_object('app', 'app-' || (i % 50))
     FROM generate_series(0, $2 - 1) i, (VALUES (3), (17)) days(d)`,
    [AS_OF, RESOURCES],
  );
  await pool().query(
    `INSERT INTO cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service,
       method, billed_cost, effective_cost, computed_at)
     SELECT ($1::timestamptz - (d || ' days')::interval)::date, 'AWS', 'Amazon EC2', 'res-' || i, '__unallocated__',
            '__unallocated__', '', '', 'unallocated', 1, 1, now()
     FROM generate_series(0, $2 - 1, 10) i, (VALUES (3), (4), (5)) days(d)`,
    [AS_OF, RESOURCES],
  );
}

async function findings(): Promise<Estate["findings"]> {
  await pool().query(
    `INSERT INTO zombie_finding (rule, resource_key, resource_id, kind, provider, address, confidence, protected,
       protected_reason, summary, evidence, status)
     SELECT 'unattached-volume', 'aws:ebs-volume:res-' || i, 'res-' || i, 'ebs-volume', 'aws', 'aws_ebs_volume.r' || i,
            'high', i % 35 = 2, CASE WHEN i % 35 = 2 THEN 'production environment prod' END, 'idle', '{}',
            CASE WHEN i % 25 = 2 THEN 'approved' WHEN i % 45 = 2 THEN 'rejected' ELSE 'new' END
     FROM generate_series(2, $1 - 1, 5) i`,
    [RESOURCES],
  );
  const { rows } = await pool().query<Estate["findings"][number]>(
    "SELECT id, address, protected, status FROM zombie_finding ORDER BY address",
  );
  return rows;
}

export async function loadEstate(): Promise<Estate> {
  await inventory();
  await bill();
  const found = await findings();
  await pool().query("ANALYZE inventory_resource; ANALYZE cost_line; ANALYZE cost_allocation; ANALYZE zombie_finding");
  return { findings: found };
}
