import type pg from "pg";
import type { OffHoursRow } from "./offhours-proposals";

// A scan's off-hours proposals replace the last scan's, in the scan's transaction: a resource that
// stopped, turned into a finding or left non-production drops out with nothing to clear by hand.

const CHUNK = 5_000;
const INSERT = `INSERT INTO zombie_offhours (resource_key, resource_id, kind, address, arn, name, region, service, team,
    environment, currency, hourly_cost, schedule, month, off_hours, hours_in_month, monthly_saving, scanned_at)
  SELECT "resourceKey", "resourceId", kind, address, arn, name, region, service, team, environment, currency,
    "hourlyCost", schedule, month, "offHours", "hoursInMonth", "monthlySaving", $2
  FROM jsonb_to_recordset($1::jsonb) AS x("resourceKey" text, "resourceId" text, kind text, address text, arn text,
    name text, region text, service text, team text, environment text, currency text, "hourlyCost" numeric,
    schedule jsonb, month text, "offHours" integer, "hoursInMonth" integer, "monthlySaving" numeric)`;

export async function storeOffHours(client: pg.ClientBase, rows: readonly OffHoursRow[], now: Date): Promise<number> {
  await client.query("DELETE FROM zombie_offhours");
  for (let i = 0; i < rows.length; i += CHUNK)
    await client.query(INSERT, [JSON.stringify(rows.slice(i, i + CHUNK)), now]);
  return rows.length;
}
