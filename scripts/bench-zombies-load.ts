import { pool } from "@/lib/db";

// The inventory bench:zombies scans, loaded straight into the tables in SQL (the importers have
// benchmarks of their own): 100,000 cloud resources of every kind, 20,000 of them in a Terraform
// state, with 30 days of daily cost lines and CloudWatch metrics for 10,000 instances, and a day
// of entry requests per service and environment.

export const RESOURCES = 100_000;
export const BILLED = 10_000;
const TEAMS = 20;
const SERVICES = 200;
const ENVS = ["prod", "staging", "dev", "preview-pr-1", "preview-pr-2"];

// Kinds by share of the inventory, each with its describe-* facts; a few of each are zombies.
const RESOURCE_SQL = `
  INSERT INTO cloud_resource (provider, kind, resource_id, arn, account, region, name, state, state_since, created_at,
    tags, facts, first_seen, last_seen)
  SELECT 'aws', k.kind, k.prefix || lpad(to_hex(i), 17, '0'), NULL, '123456789012', 'eu-west-1', 'res-' || i,
    CASE WHEN k.kind = 'ec2-instance' THEN (CASE WHEN i % 8 = 0 THEN 'stopped' ELSE 'running' END)
         WHEN k.kind = 'ebs-volume' THEN (CASE WHEN i % 10 = 0 THEN 'available' ELSE 'in-use' END)
         ELSE NULL END,
    $1::timestamptz - ((i % 90) || ' days')::interval, $1::timestamptz - ((i % 400) || ' days')::interval,
    jsonb_build_object('env', ${envSql("i")}, 'team', 'team-' || (i % ${TEAMS}), 'service', 'svc-' || (i % ${SERVICES})),
    CASE k.kind
      WHEN 'ebs-volume' THEN jsonb_build_object('attachedInstanceIds', CASE WHEN i % 10 = 0 THEN '[]'::jsonb ELSE '["i-1"]'::jsonb END,
        'iops', 3000, 'sizeGiB', 100, 'volumeType', 'gp3')
      WHEN 'elastic-ip' THEN jsonb_build_object('associationId', CASE WHEN i % 20 = 0 THEN NULL ELSE 'eipassoc-' || i END)
      WHEN 'ebs-snapshot' THEN jsonb_build_object('description', CASE WHEN i % 3 = 0 THEN 'Created by CreateImage(i-1) for ami-0123456789abcdef0' ELSE 'backup' END)
      ELSE '{}'::jsonb END,
    $1, $1
  FROM generate_series(1, ${RESOURCES}) AS i
  CROSS JOIN LATERAL (SELECT CASE
      WHEN i <= 40000 THEN 'ec2-instance' WHEN i <= 70000 THEN 'ebs-volume' WHEN i <= 80000 THEN 'elastic-ip'
      WHEN i <= 95000 THEN 'ebs-snapshot' WHEN i <= 98000 THEN 'load-balancer' ELSE 'rds-instance' END AS kind) kk
  CROSS JOIN LATERAL (SELECT kk.kind, CASE kk.kind WHEN 'ec2-instance' THEN 'i-' WHEN 'ebs-volume' THEN 'vol-'
      WHEN 'elastic-ip' THEN 'eipalloc-' WHEN 'ebs-snapshot' THEN 'snap-' WHEN 'load-balancer' THEN 'lb-' ELSE 'db-' END AS prefix) k`;

function envSql(i: string): string {
  return `(ARRAY[${ENVS.map((e) => `'${e}'`).join(",")}])[1 + ${i} % ${ENVS.length}]`;
}

const ID = (i: string) => `'i-' || lpad(to_hex(${i}), 17, '0')`;

const COST_SQL = `
  INSERT INTO cost_line (source, provider_name, billing_account_id, charge_category, charge_period_start, charge_period_end,
    billing_currency, billed_cost, effective_cost, list_cost, service_name, region_id, resource_id, resource_type, tags)
  SELECT 'bench', 'AWS', '123456789012', 'Usage', d, d + interval '1 day', 'USD', 2.4 + (i % 7) * 0.1, 2.4 + (i % 7) * 0.1,
    2.4 + (i % 7) * 0.1, 'Amazon Elastic Compute Cloud', 'eu-west-1', ${ID("i")}, 'Instance',
    jsonb_build_object('env', ${envSql("i")}, 'team', 'team-' || (i % ${TEAMS}), 'service', 'svc-' || (i % ${SERVICES}))
  FROM generate_series(1, ${BILLED}) AS i, generate_series($1::timestamptz - interval '30 days', $1::timestamptz - interval '1 day', interval '1 day') AS d`;

// CPU under 10% on every fourth instance, network always a few MB (idle by Trusted Advisor's test).
const METRIC_SQL = `
  INSERT INTO cloudwatch_datapoint (namespace, metric, dimension_name, dimension_value, "timestamp", period, average, sum,
    minimum, maximum, sample_count, unit)
  SELECT 'AWS/EC2', m.metric, 'InstanceId', ${ID("i")}, d, 86400,
    CASE WHEN m.metric = 'CPUUtilization' THEN (CASE WHEN i % 4 = 0 THEN 2.5 ELSE 45 END) ELSE 1e5 END,
    CASE WHEN m.metric = 'CPUUtilization' THEN NULL ELSE (CASE WHEN i % 4 = 0 THEN 1e6 ELSE 5e8 END) END,
    0, 90, 288, CASE WHEN m.metric = 'CPUUtilization' THEN 'Percent' ELSE 'Bytes' END
  FROM generate_series(1, ${BILLED}) AS i,
    generate_series($1::timestamptz - interval '30 days', $1::timestamptz - interval '1 day', interval '1 day') AS d,
    (VALUES ('CPUUtilization'), ('NetworkIn'), ('NetworkOut')) AS m (metric)`;

const STATE_SQL = `
  WITH state AS (
    INSERT INTO terraform_state (id, name, lineage, serial, resources, imported_by, imported_at)
    VALUES (gen_random_uuid(), 'bench.tfstate', 'bench-lineage', 1, 20000, 'bench', $1) RETURNING id)
  INSERT INTO inventory_resource (state_id, address, type, name, provider, cloud_id, tags)
  SELECT state.id, 'module.m' || (i % 50) || '.aws_instance.app_' || i, 'aws_instance', 'app_' || i,
    'registry.terraform.io/hashicorp/aws', ${ID("i")}, '{}'::jsonb
  FROM state, generate_series(1, 20000) AS i`;

const TRAFFIC_SQL = `
  INSERT INTO feature_usage_minute (minute, service, feature, environment, requests, duration_ns)
  SELECT d, 'svc-' || s, '', e, 1000, 1000000
  FROM generate_series(0, ${SERVICES - 1}) AS s, unnest($2::text[]) AS e,
    generate_series($1::timestamptz - interval '30 days', $1::timestamptz - interval '1 day', interval '1 day') AS d
  WHERE s % 10 <> 0`;

/** Loads everything as of `today` (UTC midnight); prints what it loaded. */
export async function loadInventory(today: Date): Promise<void> {
  const started = performance.now();
  const steps: [string, string, unknown[]][] = [
    ["cloud resources", RESOURCE_SQL, [today]],
    ["cost lines", COST_SQL, [today]],
    ["CloudWatch datapoints", METRIC_SQL, [today]],
    ["Terraform resources", STATE_SQL, [today]],
    ["traffic rows", TRAFFIC_SQL, [today, ENVS]],
  ];
  for (const [label, sql, params] of steps) {
    const result = await pool().query(sql, params);
    console.log(`loaded ${String(result.rowCount ?? 0).padStart(9)} ${label}`);
  }
  await pool().query("ANALYZE");
  console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
