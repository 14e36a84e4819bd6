// The other half of cost of change: a service's unit cost (effective spend per 1,000 requests) in
// the complete UTC week before a deployment's day and the week after it, so a release that made
// each request dearer shows. Spend from the daily allocation, requests from the hourly span rollups.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { perThousand, toScaled } from "@/lib/decimal";

const DAY_MS = 86_400_000;
const WEEK_DAYS = 7;
const MAX_DEPLOYMENTS = 200;

export interface UnitCost {
  spend: string;
  requests: number;
  /** Spend per 1,000 requests, 6 places; null without requests. */
  per1kRequests: string | null;
}

export interface DeploymentUnitCost {
  before: UnitCost | null;
  after: UnitCost | null;
}

interface Week {
  key: string;
  service: string;
  from: number;
  to: number;
}

/** The week before the deployment's UTC day and the week after it, those already over at `now`. */
function weeksOf(d: { id: string; service: string; finishedAt: Date }, now: Date): Week[] {
  const day = Math.floor(d.finishedAt.getTime() / DAY_MS) * DAY_MS;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return [
    { key: `${d.id}:before`, service: d.service, from: day - WEEK_DAYS * DAY_MS, to: day },
    { key: `${d.id}:after`, service: d.service, from: day + DAY_MS, to: day + (WEEK_DAYS + 1) * DAY_MS },
  ].filter((w) => w.to <= today);
}

/** Each deployment's unit cost before and after; a week not over yet, or without spend, is null. */
export async function deploymentUnitCosts(
  ctx: Ctx,
  deployments: readonly { id: string; service: string; finishedAt: Date }[],
  now: Date = new Date(),
): Promise<Map<string, DeploymentUnitCost>> {
  authorize(ctx, "read");
  const weeks = deployments.slice(0, MAX_DEPLOYMENTS).flatMap((d) => weeksOf(d, now));
  const { rows } = weeks.length
    ? await pool().query<{ key: string; spend: string | null; requests: string | null }>(
        `SELECT w.key,
                (SELECT trim_scale(sum(effective_cost))::text FROM cost_allocation
                  WHERE app_service = w.service AND day >= w.since::date AND day < w.until::date) AS spend,
                (SELECT sum(requests)::text FROM span_hour
                  WHERE service = w.service AND hour >= w.since AND hour < w.until) AS requests
           FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(key, service, since, until)`,
        [
          weeks.map((w) => w.key),
          weeks.map((w) => w.service),
          weeks.map((w) => new Date(w.from)),
          weeks.map((w) => new Date(w.to)),
        ],
      )
    : { rows: [] };
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const unit = (key: string): UnitCost | null => {
    const row = byKey.get(key);
    if (!row?.spend) return null;
    const requests = Number(row.requests ?? 0);
    return { spend: row.spend, requests, per1kRequests: perThousand(toScaled(row.spend), requests) };
  };
  return new Map(deployments.map((d) => [d.id, { before: unit(`${d.id}:before`), after: unit(`${d.id}:after`) }]));
}
