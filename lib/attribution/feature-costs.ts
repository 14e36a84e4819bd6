import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { fromScaled, perThousand, toScaled } from "@/lib/decimal";
import { daysBetween } from "../time";
import { day, parseInput, text } from "../validation";
import { type AllocationWeight, UNALLOCATED } from "./allocate-costs";
import { forecastMonth, type MonthForecast } from "./forecast";

/** A feature key as cost tags and span attributes carry it, and the window of days to show. */
export const FeatureCostsInput = z
  .object({ feature: text(200, 1), from: day(), to: day(), today: day() })
  .refine((input) => input.from < input.to, { message: "must be after from", path: ["to"] })
  .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= 366 * 86_400_000, {
    message: "the window may be at most 366 days",
    path: ["to"],
  });

export interface FeatureSource {
  providerName: string;
  serviceName: string;
  resourceId: string;
  appService: string;
  method: "tag" | "telemetry" | "unallocated";
  cost: string;
  /** For a telemetry split: the feature's share of the service's requests, averaged over the days. */
  explanation: string;
}

export interface FeatureCosts {
  feature: string;
  name: string | null;
  team: string | null;
  from: string;
  to: string;
  cost: string;
  requests: number;
  unitCost: string | null;
  days: { day: string; cost: string; requests: number }[];
  sources: FeatureSource[];
  forecast: MonthForecast | null;
}

/**
 * One feature's effective cost, requests and unit cost over [from, to), where its cost comes from
 * (resource and rule or split), and a month-end forecast for the month `to` falls in.
 */
export async function featureCosts(
  ctx: Ctx,
  featureKey: string,
  range: { from: string; to: string },
  today: string,
): Promise<FeatureCosts> {
  authorize(ctx, "read");
  const { feature, ...window } = parseInput(FeatureCostsInput, { feature: featureKey, ...range, today });
  const [registered, daily, usage, sources] = await Promise.all([
    pool().query<{ name: string; team: string }>("SELECT name, team FROM feature WHERE key = $1", [feature]),
    pool().query<{ day: string; cost: string }>(
      "SELECT day::text, sum(effective_cost)::text AS cost FROM cost_allocation WHERE feature = $1 AND day >= $2::date AND day < $3::date GROUP BY 1",
      [feature, window.from, window.to],
    ),
    pool().query<{ day: string; requests: string }>(
      `SELECT (minute AT TIME ZONE 'UTC')::date::text AS day, sum(requests)::text AS requests FROM feature_usage_minute
       WHERE feature = $1 AND minute >= $2::date AND minute < $3::date GROUP BY 1`,
      [feature === UNALLOCATED ? "" : feature, window.from, window.to],
    ),
    pool().query<{
      provider_name: string;
      service_name: string;
      resource_id: string;
      app_service: string;
      method: FeatureSource["method"];
      cost: string;
      weights: AllocationWeight[] | null;
    }>(
      `SELECT provider_name, service_name, resource_id, app_service, method, sum(effective_cost)::text AS cost,
              jsonb_agg(weight) FILTER (WHERE method = 'telemetry') AS weights
       FROM cost_allocation WHERE feature = $1 AND day >= $2::date AND day < $3::date
       GROUP BY 1, 2, 3, 4, 5 ORDER BY sum(effective_cost) DESC LIMIT 100`,
      [feature, window.from, window.to],
    ),
  ]);
  const costByDay = new Map(daily.rows.map((row) => [row.day, toScaled(row.cost)]));
  const requestsByDay = new Map(usage.rows.map((row) => [row.day, Number(row.requests)]));
  const days = daysBetween(window.from, window.to).map((day) => ({
    day,
    cost: fromScaled(costByDay.get(day) ?? 0n),
    requests: requestsByDay.get(day) ?? 0,
  }));
  const total = [...costByDay.values()].reduce((sum, amount) => sum + amount, 0n);
  const requests = days.reduce((sum, day) => sum + day.requests, 0);
  return {
    feature,
    name: registered.rows[0]?.name ?? null,
    team: registered.rows[0]?.team ?? null,
    from: window.from,
    to: window.to,
    cost: fromScaled(total),
    requests,
    unitCost: perThousand(total, requests),
    days,
    sources: sources.rows.map((row) => ({
      providerName: row.provider_name,
      serviceName: row.service_name,
      resourceId: row.resource_id,
      appService: row.app_service,
      method: row.method,
      cost: row.cost,
      explanation: explain(row.method, row.weights, feature),
    })),
    forecast: total === 0n ? null : forecastMonth(costByDay, today),
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
