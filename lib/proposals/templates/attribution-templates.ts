import { UNALLOCATED_DAYS } from "@/lib/agent/load-unallocated";
import { type AttributionProposal, MAX_TARGETS } from "@/lib/agent/schemas";
import { tagKeysOf } from "@/lib/attribution/allocation-inputs";
import { UNALLOCATED } from "@/lib/attribution/reserved-keys";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { unallocatedSignals, type UnallocatedResource } from "./attribution-signals";

// Rule-based attributions: the resources whose spend stayed unallocated over the last 90 days,
// with their cost lines' and inventory tags, names and addresses, matched against the known
// feature keys (attribution-signals.ts says how).

const DAY_MS = 86_400_000;

const RESOURCES = `
  WITH spend AS (
    SELECT resource_id, sum(effective_cost) AS cost FROM cost_allocation
    WHERE feature = $1 AND day >= $2::date AND day < $3::date AND resource_id <> ''
    GROUP BY resource_id ORDER BY cost DESC LIMIT 500
  )
  SELECT s.resource_id, s.cost::text AS cost,
    COALESCE((SELECT jsonb_agg(DISTINCT l.tags) FROM cost_line l
              WHERE l.resource_id = s.resource_id AND l.charge_period_start >= $2 AND l.charge_period_start < $3
                AND l.tags <> '{}'::jsonb), '[]'::jsonb) AS line_tags,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('address', r.address, 'name', r.name, 'tags', r.tags))
              FROM inventory_resource r WHERE r.cloud_id = s.resource_id OR r.arn = s.resource_id), '[]'::jsonb) AS inventory
  FROM spend s`;

const FEATURES = `
  SELECT key FROM feature
  UNION SELECT DISTINCT feature FROM cost_allocation
  WHERE day >= $2::date AND day < $3::date AND method = 'tag' AND feature <> $1`;

/** Attribution proposals for the unallocated spend of the 90 days before `asOf`. */
export async function attributionTemplates(asOf: Date): Promise<AttributionProposal[]> {
  const from = new Date(asOf.getTime() - UNALLOCATED_DAYS * DAY_MS);
  const window = [UNALLOCATED, from, asOf];
  const [resources, features] = await Promise.all([
    pool().query<UnallocatedResource>(RESOURCES, window),
    pool().query<{ key: string }>(FEATURES, window),
  ]);
  const signals = unallocatedSignals(
    resources.rows,
    features.rows.map((row) => row.key),
    tagKeysOf(env().VIGIL_COST_FEATURE_TAGS),
  );
  return signals.map((signal) => ({
    kind: "attribution" as const,
    mapping:
      signal.type === "tag-rule"
        ? { type: "tag-rule" as const, tagKey: signal.tagKey, tagValue: signal.tagValue, feature: signal.feature }
        : {
            type: "resource-feature" as const,
            resourceIds: signal.resourceIds.slice(0, MAX_TARGETS),
            feature: signal.feature,
          },
    rationale: signal.rationale,
    evidenceIds: signal.evidenceIds.slice(0, 100),
  }));
}
