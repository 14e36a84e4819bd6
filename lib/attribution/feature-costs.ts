import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { fromScaled, perThousand, toScaled } from "@/lib/decimal";
import { daysBetween } from "../time";
import { parseInput } from "../validation";
import { projectMonth } from "@/lib/forecasts/project-month";
import { readBilledThrough, readDailySpend } from "./daily-spend";
import { type AllocationWeight, type FeatureCosts, FeatureCostsInput, type FeatureSource } from "./schemas";
import { UNALLOCATED } from "./reserved-keys";

interface SourceRow {
  provider_name: string;
  service_name: string;
  resource_id: string;
  app_service: string;
  method: FeatureSource["method"];
  cost: string;
  weights: AllocationWeight[] | null;
}

/**
 * One feature's effective cost, requests and unit cost over [from, to), where its cost comes from
 * (resource and rule or split), and a month-end forecast for the month `to` falls in; null for a
 * feature Vigil has never heard of (neither registered nor ever given allocated spend).
 */
export async function featureCosts(
  ctx: Ctx,
  featureKey: string,
  range: { from: string; to: string },
  today: string,
): Promise<FeatureCosts | null> {
  authorize(ctx, "read");
  const { feature, ...window } = parseInput(FeatureCostsInput, { feature: featureKey, ...range, today });
  const { registered, known, costByDay, requestsByDay, sources } = await readFeature(feature, window);
  if (!known) return null;
  const days = daysBetween(window.from, window.to).map((day) => ({
    day,
    cost: fromScaled(costByDay.get(day) ?? 0n),
    requests: requestsByDay.get(day) ?? 0,
  }));
  const total = [...costByDay.values()].reduce((sum, amount) => sum + amount, 0n);
  const requests = days.reduce((sum, day) => sum + day.requests, 0);
  return {
    feature,
    name: registered?.name ?? null,
    team: registered?.team ?? null,
    from: window.from,
    to: window.to,
    cost: fromScaled(total),
    requests,
    unitCost: perThousand(total, requests),
    days,
    sources: sources.map((row) => ({
      providerName: row.provider_name,
      serviceName: row.service_name,
      resourceId: row.resource_id,
      appService: row.app_service,
      method: row.method,
      cost: row.cost,
      explanation: explain(row.method, row.weights, feature),
    })),
    forecast: await monthProjection(feature, today),
  };
}

/**
 * The month-end projection a budget on this feature shows (lib/attribution/list-budgets.ts): the
 * same spend, history and model; null while the month has no spend.
 */
async function monthProjection(feature: string, today: string) {
  const [rows, billedThrough] = await Promise.all([
    readDailySpend({ feature: [feature], team: [] }, today),
    readBilledThrough(today),
  ]);
  const byDay = new Map(rows.map((row) => [row.day, toScaled(row.effective)]));
  if (![...byDay.keys()].some((day) => day.startsWith(today.slice(0, 7)))) return null;
  return projectMonth(byDay, today, billedThrough);
}

async function readFeature(feature: string, window: { from: string; to: string }) {
  const [registered, daily, usage, sources] = await Promise.all([
    pool().query<{ name: string | null; team: string | null; known: boolean }>(
      `SELECT f.name, f.team, f.key IS NOT NULL OR EXISTS (SELECT 1 FROM cost_allocation WHERE feature = $1) AS known
       FROM (SELECT 1) one LEFT JOIN feature f ON f.key = $1`,
      [feature],
    ),
    pool().query<{ day: string; cost: string }>(
      "SELECT day::text, sum(effective_cost)::text AS cost FROM cost_allocation WHERE feature = $1 AND day >= $2::date AND day < $3::date GROUP BY 1",
      [feature, window.from, window.to],
    ),
    pool().query<{ day: string; requests: string }>(
      `SELECT (minute AT TIME ZONE 'UTC')::date::text AS day, sum(requests)::text AS requests FROM feature_usage_minute
       WHERE feature = $1 AND minute >= $2::date AND minute < $3::date GROUP BY 1`,
      [feature === UNALLOCATED ? "" : feature, window.from, window.to],
    ),
    pool().query<SourceRow>(
      `SELECT provider_name, service_name, resource_id, app_service, method, sum(effective_cost)::text AS cost,
              jsonb_agg(weight) FILTER (WHERE method = 'telemetry') AS weights
       FROM cost_allocation WHERE feature = $1 AND day >= $2::date AND day < $3::date
       GROUP BY 1, 2, 3, 4, 5 ORDER BY sum(effective_cost) DESC LIMIT 100`,
      [feature, window.from, window.to],
    ),
  ]);
  return {
    registered: registered.rows[0],
    known: feature === UNALLOCATED || registered.rows[0]?.known === true,
    costByDay: new Map(daily.rows.map((row) => [row.day, toScaled(row.cost)])),
    requestsByDay: new Map(usage.rows.map((row) => [row.day, Number(row.requests)])),
    sources: sources.rows,
  };
}

function explain(method: FeatureSource["method"], weights: AllocationWeight[] | null, feature: string): string {
  if (method === "tag") return "tagged with this feature";
  if (method === "unallocated") return "no tag rule or telemetry explains it";
  const list = (weights ?? []).filter(Boolean);
  if (!list.length) return "split by telemetry";
  const units = list.reduce((sum, w) => sum + BigInt(w.units), 0n);
  const total = list.reduce((sum, w) => sum + BigInt(w.total), 0n);
  const share = total > 0n ? Number((units * 10_000n) / total) / 100 : 0;
  const span = list.length === 1 ? `on ${list[0].day}` : `over ${list.length} days`;
  const of = `${share}% of ${list[0].service} ${list[0].basis === "requests" ? "requests" : "span time"}`;
  return feature === UNALLOCATED ? `${of} had no feature attribute ${span}` : `${of} ${span}`;
}
