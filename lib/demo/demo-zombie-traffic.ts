import { pool } from "../db";
import { addDays, daysBetween } from "../time";
import { buildDays } from "../traces/rollup-minutes";
import type { StateResource, TerraformState } from "../costs/schemas";
import { PREVIEW_ENV, PREVIEW_INSTANCE, PREVIEW_LAST_TRAFFIC_DAYS_AGO } from "./demo-zombie-resources";

// The forgotten preview environment: a pull request's reviewers called payments-api there for
// ten days, then nobody did. Its requests end the day before the demo's month of cost lines
// starts, so the month's telemetry split of the main demo bill is the same with or without it.

const FIRST_TRAFFIC_DAYS_AGO = PREVIEW_LAST_TRAFFIC_DAYS_AGO + 9;
const OPERATIONS = ["POST /v1/payments", "GET /v1/payments/{id}"];
const FEATURE = "card-payments";
/** Working hours of the reviewers, UTC. */
const HOURS = [9, 10, 11, 13, 14, 15, 16];

interface PreviewHour {
  hour: Date;
  operation: string;
  requests: number;
}

function previewHours(today: string): PreviewHour[] {
  const days = daysBetween(addDays(today, -FIRST_TRAFFIC_DAYS_AGO), addDays(today, -PREVIEW_LAST_TRAFFIC_DAYS_AGO + 1));
  return days.flatMap((day, d) =>
    HOURS.flatMap((h, i) =>
      OPERATIONS.map((operation, o) => ({
        hour: new Date(`${day}T${String(h).padStart(2, "0")}:00:00Z`),
        operation,
        requests: 6 + ((d * 7 + i * 3 + o * 5) % 11),
      })),
    ),
  );
}

const ROWS = `unnest($1::timestamptz[], $2::text[], $3::bigint[]) AS u(at, operation, n)`;
// Every request in one latency bucket (about 40 ms): the preview answered quickly when it was used.
const SPAN_HOUR = `INSERT INTO span_hour (hour, service, operation, environment, requests, errors, buckets, counts)
  SELECT at, 'payments-api', operation, $4, n, 0, '{46}'::smallint[], ARRAY[n]::bigint[] FROM ${ROWS}
  ON CONFLICT (service, hour, operation, environment) DO UPDATE SET requests = EXCLUDED.requests,
    errors = EXCLUDED.errors, buckets = EXCLUDED.buckets, counts = EXCLUDED.counts`;
// Hourly rows in the per-minute table, as the demo's history writes them.
const USAGE = `INSERT INTO feature_usage_minute (minute, service, feature, environment, requests, duration_ns)
  SELECT at, 'payments-api', $5, $4, sum(n), sum(n) * 40000000 FROM ${ROWS} GROUP BY at
  ON CONFLICT (service, minute, feature, environment) DO UPDATE SET requests = EXCLUDED.requests,
    duration_ns = EXCLUDED.duration_ns`;

/** Writes the preview's hourly rollups and their days; a reload rewrites the same rows. */
export async function storePreviewTraffic(today: string): Promise<number> {
  const rows = previewHours(today);
  const params = [rows.map((r) => r.hour), rows.map((r) => r.operation), rows.map((r) => r.requests), PREVIEW_ENV];
  await pool().query(SPAN_HOUR, params);
  await pool().query(USAGE, [...params, FEATURE]);
  const first = Math.min(...rows.map((r) => r.hour.getTime()));
  const last = Math.max(...rows.map((r) => r.hour.getTime()));
  await buildDays(pool(), [{ from: first, to: last + 3_600_000 }]);
  return rows.reduce((sum, r) => sum + r.requests, 0);
}

/** The preview environment's own small Terraform state: only its instance is managed. */
export function previewTerraformState(): TerraformState {
  const moduleAddress = `module.${PREVIEW_ENV.replaceAll("-", "_")}`;
  const instance: StateResource = {
    address: `${moduleAddress}.aws_instance.payments_api`,
    module: moduleAddress,
    type: "aws_instance",
    name: "payments_api",
    provider: "registry.terraform.io/hashicorp/aws",
    cloudId: PREVIEW_INSTANCE,
    arn: null,
    tags: { env: PREVIEW_ENV, service: "payments-api", "managed-by": "terraform" },
  };
  return {
    lineage: "3e9a6c41-vigil-demo-preview-pr-4211",
    serial: 1,
    terraformVersion: "1.9.8",
    resources: [instance],
  };
}
