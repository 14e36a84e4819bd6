import { escapeLiteral } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { COST_ALLOCATION_LOCK } from "../advisory-locks";
import { authorize, type Ctx } from "../context";
import { field } from "../copy-text";
import { pool } from "../db";
import { env } from "../env";
import { withSpan } from "../telemetry";
import { shareOf, splitAmount } from "./split";

// Spend to features, teams and environments, per UTC day:
// 1. Rules first: a feature tag on the cost line, or on the Terraform resource the line is for.
// 2. Shared costs (no feature tag, or feature "shared"): when the line or its resource names the
//    application service it serves, its cost is split among features by their share of that
//    service's entry requests (or span time) that day, from the trace rollups, as CloudZero's
//    allocation streams and OpenCost's weighted sharing do. Requests without a feature attribute
//    keep their share as __unallocated__.
// 3. Whatever no rule or telemetry explains is __unallocated__, shown, never dropped.
// Every split stores its weights; every day's allocation adds up to its cost lines exactly.

export const UNALLOCATED = "__unallocated__";
const SHARED_VALUES = new Set(["shared", "__shared__"]);

export interface AllocationWeight {
  basis: "requests" | "duration";
  service: string;
  day: string;
  environment: string | null;
  /** This feature's requests (or span nanoseconds) and the service's total, as decimal strings. */
  units: string;
  total: string;
  share: string;
}

export interface AllocateResult {
  from: string;
  to: string;
  lines: number;
  rows: number;
  byMethod: Record<"tag" | "telemetry" | "unallocated", number>;
}

interface Unit {
  day: string;
  provider_name: string;
  service_name: string;
  resource_id: string;
  feature: string | null;
  team: string | null;
  env: string | null;
  app_service: string | null;
  shared: boolean;
  billed: string;
  effective: string;
  lines: number;
}

/** COALESCE over the first non-empty value of a list of tag keys. */
function tagSql(keys: readonly string[]): string {
  return `COALESCE(${keys.map((key) => `NULLIF(tags->>${escapeLiteral(key)}, '')`).join(", ")})`;
}

function unitsSql(): string {
  const settings = env();
  return `
    WITH lines AS (
      SELECT (c.charge_period_start AT TIME ZONE 'UTC')::date AS day, c.provider_name, c.service_name,
             COALESCE(c.resource_id, '') AS resource_id, COALESCE(inv.tags, '{}'::jsonb) || c.tags AS tags,
             c.billed_cost, c.effective_cost
      FROM cost_line c
      LEFT JOIN LATERAL (
        SELECT r.tags FROM inventory_resource r WHERE r.cloud_id = c.resource_id OR r.arn = c.resource_id LIMIT 1
      ) inv ON c.resource_id IS NOT NULL
      WHERE c.charge_period_start >= $1 AND c.charge_period_start < $2
    )
    SELECT day::text, provider_name, service_name, resource_id,
           ${tagSql(settings.VIGIL_COST_FEATURE_TAGS)} AS feature, ${tagSql(settings.VIGIL_COST_TEAM_TAGS)} AS team,
           ${tagSql(settings.VIGIL_COST_ENV_TAGS)} AS env, ${tagSql(settings.VIGIL_COST_SERVICE_TAGS)} AS app_service,
           COALESCE(tags->>'shared', 'false') = 'true' AS shared,
           sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective, count(*)::int AS lines
    FROM lines GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
}

/** Requests (or span time) per day, service, environment and feature in [from, to). */
async function usageOf(from: Date, to: Date, basis: "requests" | "duration") {
  const { rows } = await pool().query<{
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
  // day|service → environment → feature → units
  const usage = new Map<string, Map<string, Map<string, bigint>>>();
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

/** The features' weights for one service and day: its environment's traffic when it has any, else all of it. */
function weightsFor(
  usage: Awaited<ReturnType<typeof usageOf>>,
  day: string,
  service: string,
  environment: string | null,
) {
  const byEnv = usage.get(`${day}|${service}`);
  if (!byEnv) return null;
  const own = environment !== null ? byEnv.get(environment) : undefined;
  const scoped = own && [...own.values()].some((n) => n > 0n) ? own : null;
  const merged = new Map<string, bigint>();
  for (const byFeature of scoped ? [scoped] : byEnv.values()) {
    for (const [feature, n] of byFeature)
      merged.set(feature || UNALLOCATED, (merged.get(feature || UNALLOCATED) ?? 0n) + n);
  }
  const total = [...merged.values()].reduce((sum, n) => sum + n, 0n);
  return total > 0n ? { weights: merged, total, environment: scoped ? environment : null } : null;
}

/**
 * Rebuilds cost_allocation for the UTC days in [from, to), in one transaction, so readers see a day
 * either before or after, never half done.
 */
export async function allocateCosts(ctx: Ctx, window: { from: string; to: string }): Promise<AllocateResult> {
  authorize(ctx, "costs:manage");
  const from = new Date(`${window.from}T00:00:00Z`);
  const to = new Date(`${window.to}T00:00:00Z`);
  const basis = env().VIGIL_COST_SPLIT_BY;
  return withSpan("allocateCosts", { "vigil.from": window.from, "vigil.to": window.to }, async () => {
    const [units, usage, teams] = await Promise.all([
      pool()
        .query<Unit>(unitsSql(), [from, to])
        .then((result) => result.rows),
      usageOf(from, to, basis),
      pool()
        .query<{ kind: string; name: string; team: string }>(
          "SELECT 'feature' AS kind, key AS name, team FROM feature UNION ALL SELECT 'service', name, team FROM service",
        )
        .then((result) => new Map(result.rows.map((row) => [`${row.kind}:${row.name}`, row.team]))),
    ]);
    const computedAt = new Date().toISOString();
    const byMethod = { tag: 0, telemetry: 0, unallocated: 0 };
    let text = "";
    let rows = 0;
    let lines = 0;
    const emit = (
      unit: Unit,
      feature: string,
      method: keyof typeof byMethod,
      billed: string,
      effective: string,
      weight: AllocationWeight | { reason: string } | null,
    ) => {
      const team =
        unit.team ??
        teams.get(`feature:${feature}`) ??
        (unit.app_service ? teams.get(`service:${unit.app_service}`) : undefined) ??
        UNALLOCATED;
      text +=
        `${unit.day}\t${field(unit.provider_name)}\t${field(unit.service_name)}\t${field(unit.resource_id)}\t${field(feature)}\t${field(team)}\t` +
        `${field(unit.env ?? UNALLOCATED)}\t${field(unit.app_service ?? UNALLOCATED)}\t${method}\t${billed}\t${effective}\t${weight ? field(JSON.stringify(weight)) : "\\N"}\t${computedAt}\n`;
      rows += 1;
      byMethod[method] += 1;
    };
    for (const unit of units) {
      lines += unit.lines;
      const tagged = unit.feature !== null && !SHARED_VALUES.has(unit.feature.toLowerCase()) && !unit.shared;
      if (tagged) {
        emit(unit, unit.feature as string, "tag", unit.billed, unit.effective, null);
        continue;
      }
      const split = unit.app_service ? weightsFor(usage, unit.day, unit.app_service, unit.env) : null;
      if (!split || !unit.app_service) {
        const reason = unit.app_service
          ? `no ${basis} from ${unit.app_service} on ${unit.day}`
          : "no feature tag and no service to split it by";
        emit(unit, UNALLOCATED, "unallocated", unit.billed, unit.effective, { reason });
        continue;
      }
      const features = [...split.weights.keys()];
      const weights = features.map((feature) => split.weights.get(feature) as bigint);
      const billed = splitAmount(unit.billed, weights);
      const effective = splitAmount(unit.effective, weights);
      features.forEach((feature, i) => {
        emit(unit, feature, "telemetry", billed[i], effective[i], {
          basis,
          service: unit.app_service as string,
          day: unit.day,
          environment: split.environment,
          units: weights[i].toString(),
          total: split.total.toString(),
          share: shareOf(weights[i], split.total),
        });
      });
    }
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [COST_ALLOCATION_LOCK]);
      await client.query("DELETE FROM cost_allocation WHERE day >= $1::date AND day < $2::date", [
        window.from,
        window.to,
      ]);
      if (text) {
        await pipeline(
          Readable.from([text]),
          client.query(
            copyFrom(
              "COPY cost_allocation (day, provider_name, service_name, resource_id, feature, team, environment, app_service, method, billed_cost, effective_cost, weight, computed_at) FROM STDIN",
            ),
          ),
        );
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    return { from: window.from, to: window.to, lines, rows, byMethod };
  });
}
