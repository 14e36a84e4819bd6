import { escapeLiteral } from "pg";
import type pg from "pg";
import { env } from "../env";
import type { CostUnit, Teams, Usage } from "./allocation-rules";

// What the allocation reads: cost lines with their resource's inventory tags, resolved by the
// configured tag keys; the trace rollups' usage per feature; the teams of features and services.
// A line without a feature tag takes the feature of an accepted allocation mapping (its resource's,
// else a tag rule's), before any telemetry split: allocateUnit sees it as the line's feature.
// Tag keys match whatever their case (`Owner` is `owner`), as clouds and people spell them both.

/** The configured keys as the lines' lower-cased tags hold them: each once, in order. */
export function tagKeysOf(keys: readonly string[]): string[] {
  return [...new Set(keys.map((key) => key.toLowerCase()))];
}

/** COALESCE over the first non-empty value of a list of tag keys. */
function tagSql(keys: readonly string[]): string {
  return `COALESCE(${tagKeysOf(keys)
    .map((key) => `NULLIF(tags->>${escapeLiteral(key)}, '')`)
    .join(", ")})`;
}

/**
 * A tags object with its keys lower-cased. When one key comes in two spellings, the lower-case one
 * wins, else the last in byte order: the same value on every run.
 */
const lowerKeys = (tags: string) =>
  `(SELECT COALESCE(jsonb_object_agg(lower(t.key), t.value ORDER BY t.key = lower(t.key), t.key COLLATE "C"), '{}'::jsonb)
    FROM jsonb_each(${tags}) t)`;

// Lines are summed per day, resource and tags before their tags are read: a month holds millions of
// lines but few distinct (resource, tags) a day, so the inventory lookup and the key lower-casing
// run once per group.
function unitsSql(): string {
  const settings = env();
  return `
    WITH lines AS (
      SELECT (charge_period_start AT TIME ZONE 'UTC')::date AS day, provider_name, service_name, resource_id, tags,
             sum(billed_cost) AS billed, sum(effective_cost) AS effective, count(*) AS lines
      FROM cost_line WHERE charge_period_start >= $1 AND charge_period_start < $2
      GROUP BY 1, 2, 3, 4, 5
    ), tagged AS (
      SELECT l.day, l.provider_name, l.service_name, COALESCE(l.resource_id, '') AS resource_id,
             ${lowerKeys("COALESCE(inv.tags, '{}'::jsonb)")} || ${lowerKeys("l.tags")} AS tags, l.billed, l.effective, l.lines,
             inv.cloud_id, inv.arn
      FROM lines l
      LEFT JOIN LATERAL (
        SELECT r.tags, r.cloud_id, r.arn FROM inventory_resource r
        WHERE r.cloud_id = l.resource_id OR r.arn = l.resource_id LIMIT 1
      ) inv ON l.resource_id IS NOT NULL
    ), mapped AS (
      SELECT t.*, COALESCE(
        (SELECT m.feature FROM allocation_mapping m WHERE m.type = 'resource-feature' AND t.resource_id <> ''
           AND m.resource_id IN (t.resource_id, t.cloud_id, t.arn) ORDER BY m.resource_id = t.resource_id DESC LIMIT 1),
        (SELECT m.feature FROM allocation_mapping m WHERE m.type = 'tag-rule' AND t.tags->>lower(m.tag_key) = m.tag_value
           ORDER BY m.created_at, m.id LIMIT 1)
      ) AS mapped_feature
      FROM tagged t
    )
    SELECT day::text, provider_name, service_name, resource_id,
           COALESCE(${tagSql(settings.VIGIL_COST_FEATURE_TAGS)}, mapped_feature) AS feature, ${tagSql(settings.VIGIL_COST_TEAM_TAGS)} AS team,
           ${tagSql(settings.VIGIL_COST_ENV_TAGS)} AS env, ${tagSql(settings.VIGIL_COST_SERVICE_TAGS)} AS app_service,
           COALESCE(lower(tags->>'shared'), 'false') = 'true' AS shared,
           sum(billed)::text AS billed, sum(effective)::text AS effective, sum(lines)::int AS lines
    FROM mapped GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
}

/** The cost lines charged in [from, to), summed per day and per everything the rules look at. */
export async function readCostUnits(client: pg.ClientBase, from: Date, to: Date): Promise<CostUnit[]> {
  return (await client.query<CostUnit>(unitsSql(), [from, to])).rows;
}

/** Requests (or span time) per day, service, environment and feature in [from, to). */
export async function readUsage(
  client: pg.ClientBase,
  from: Date,
  to: Date,
  basis: "requests" | "duration",
): Promise<Usage> {
  const { rows } = await client.query<{
    day: string;
    service: string;
    environment: string;
    feature: string;
    units: string;
  }>(
    `SELECT (minute AT TIME ZONE 'UTC')::date::text AS day, service, environment, feature,
            ${basis === "requests" ? "sum(requests)" : "sum(duration_ns)"}::text AS units
     FROM feature_usage_minute WHERE minute >= $1 AND minute < $2 GROUP BY 1, 2, 3, 4`,
    [from, to],
  );
  const usage: Usage = new Map();
  for (const row of rows) {
    const key = `${row.day}|${row.service}`;
    if (!usage.has(key)) usage.set(key, new Map());
    const byEnv = usage.get(key) as Map<string, Map<string, bigint>>;
    if (!byEnv.has(row.environment)) byEnv.set(row.environment, new Map());
    const byFeature = byEnv.get(row.environment) as Map<string, bigint>;
    byFeature.set(row.feature, (byFeature.get(row.feature) ?? 0n) + BigInt(row.units));
  }
  return usage;
}

export async function readTeams(client: pg.ClientBase): Promise<Teams> {
  const { rows } = await client.query<{ kind: string; name: string; team: string }>(
    "SELECT 'feature' AS kind, key AS name, team FROM feature UNION ALL SELECT 'service', name, team FROM service",
  );
  return new Map(rows.map((row) => [`${row.kind}:${row.name}`, row.team]));
}
