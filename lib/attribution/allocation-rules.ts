import { shareOf, splitAmount } from "./split";
import { type AllocationMethod, type AllocationWeight } from "./schemas";
import { UNALLOCATED } from "./reserved-keys";

// Spend to features, teams and environments, per UTC day:
// 1. Rules first: a feature tag on the cost line, or on the Terraform resource the line is for.
// 2. Shared costs (no feature tag, or feature "shared"): when the line or its resource names the
//    application service it serves, its cost is split among features by their share of that
//    service's entry requests (or span time) that day, from the trace rollups, as CloudZero's
//    allocation streams and OpenCost's weighted sharing do. Requests without a feature attribute
//    keep their share as UNALLOCATED.
// 3. Whatever no rule or telemetry explains is UNALLOCATED, shown, never dropped.
// Every split stores its weights; every day's allocation adds up to its cost lines exactly.

const SHARED_VALUES = new Set(["shared", "__shared__"]);

/** A day's cost lines summed by everything the rules look at; tags already resolved by the configured keys. */
export interface CostUnit {
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

/** Requests (or span nanoseconds) by `day|service`, then environment, then feature ("" without one). */
export type Usage = Map<string, Map<string, Map<string, bigint>>>;

/** Owning teams of registered features and services, keyed `feature:<key>` and `service:<name>`. */
export type Teams = Map<string, string>;

export interface AllocationRow {
  unit: CostUnit;
  feature: string;
  team: string;
  method: AllocationMethod;
  billed: string;
  effective: string;
  weight: AllocationWeight | { reason: string } | null;
}

/** One unit's allocation rows: its feature tag, else a telemetry split, else unallocated with the reason. */
export function allocateUnit(
  unit: CostUnit,
  usage: Usage,
  teams: Teams,
  basis: AllocationWeight["basis"],
): AllocationRow[] {
  const row = (
    feature: string,
    method: AllocationMethod,
    billed: string,
    effective: string,
    weight: AllocationRow["weight"],
  ): AllocationRow => ({ unit, feature, team: teamOf(unit, feature, teams), method, billed, effective, weight });
  const tagged = unit.feature !== null && !SHARED_VALUES.has(unit.feature.toLowerCase()) && !unit.shared;
  if (tagged) return [row(unit.feature as string, "tag", unit.billed, unit.effective, null)];
  const service = unit.app_service;
  const split = service ? weightsFor(usage, unit.day, service, unit.env) : null;
  if (!split || !service) {
    const reason = service
      ? `no ${basis} from ${service} on ${unit.day}`
      : "no feature tag and no service to split it by";
    return [row(UNALLOCATED, "unallocated", unit.billed, unit.effective, { reason })];
  }
  const features = [...split.weights.keys()];
  const weights = features.map((feature) => split.weights.get(feature) as bigint);
  const billed = splitAmount(unit.billed, weights);
  const effective = splitAmount(unit.effective, weights);
  return features.map((feature, i) =>
    row(feature, "telemetry", billed[i], effective[i], {
      basis,
      service,
      day: unit.day,
      environment: split.environment,
      units: weights[i].toString(),
      total: split.total.toString(),
      share: shareOf(weights[i], split.total),
    }),
  );
}

/** The line's team tag, else the feature's team, else the app service's team. */
function teamOf(unit: CostUnit, feature: string, teams: Teams): string {
  return (
    unit.team ??
    teams.get(`feature:${feature}`) ??
    (unit.app_service ? teams.get(`service:${unit.app_service}`) : undefined) ??
    UNALLOCATED
  );
}

/** The features' weights for one service and day: its environment's traffic when it has any, else all of it. */
function weightsFor(usage: Usage, day: string, service: string, environment: string | null) {
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
