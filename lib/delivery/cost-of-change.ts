// Cost of change, which DORA tools do not show: what a service spent while an incident was open,
// and its unit cost (spend per 1,000 requests) in the week before and after each deployment.
// Spend is allocated per UTC day, so an incident's share of a day is pro-rated by the hours it was
// open that day; the UI says so.
import { authorize, type Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { perThousand, toScaled } from "@/lib/decimal";

const DAY_MS = 86_400_000;
const WEEK_DAYS = 7;

export interface IncidentSpend {
  id: string;
  /** Effective cost of the service pro-rated to the hours open (open incidents up to `now`); exact decimal text. */
  spend: string;
}

/** Spend of `service` while each incident was open. */
export async function incidentSpend(
  ctx: Ctx,
  service: string,
  incidents: readonly { id: string; createdAt: Date; resolvedAt: Date | null }[],
  now: Date = new Date(),
): Promise<IncidentSpend[]> {
  authorize(ctx, "read");
  if (!incidents.length) return [];
  const { rows } = await pool().query<{ id: string; spend: string }>(
    `SELECT i.id, trim_scale(round(COALESCE(sum(a.effective_cost * extract(epoch FROM
              LEAST(i.until, a.day + interval '1 day') - GREATEST(i.since, a.day::timestamptz)) / 86400), 0), 6))::text AS spend
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS i(id, since, until)
       LEFT JOIN cost_allocation a ON a.app_service = $1
        AND a.day >= (i.since AT TIME ZONE 'UTC')::date AND a.day < i.until AND a.day + interval '1 day' > i.since
      GROUP BY i.id`,
    [service, incidents.map((i) => i.id), incidents.map((i) => i.createdAt), incidents.map((i) => i.resolvedAt ?? now)],
  );
  const byId = new Map(rows.map((r) => [r.id, r.spend]));
  return incidents.map((i) => ({ id: i.id, spend: byId.get(i.id) ?? "0" }));
}

export interface UnitCost {
  spend: string;
  requests: number;
  /** Spend per 1,000 requests; null without requests. */
  per1kRequests: string | null;
}

export interface DeploymentUnitCost {
  id: string;
  before: UnitCost | null;
  after: UnitCost | null;
}

/** The complete UTC days [from, to) of the week before the deployment's day, and of the week after it. */
function weeks(finishedAt: Date) {
  const day = Math.floor(finishedAt.getTime() / DAY_MS) * DAY_MS;
  return { before: [day - WEEK_DAYS * DAY_MS, day], after: [day + DAY_MS, day + (WEEK_DAYS + 1) * DAY_MS] };
}

/** Unit cost of `service` in the week before and after each deployment; null for a week not complete yet or without spend. */
export async function deploymentUnitCosts(
  ctx: Ctx,
  service: string,
  deployments: readonly { id: string; finishedAt: Date }[],
  now: Date = new Date(),
): Promise<DeploymentUnitCost[]> {
  authorize(ctx, "read");
  const spans = deployments.flatMap((d) => {
    const w = weeks(d.finishedAt);
    return [
      { key: `${d.id}:before`, from: w.before[0], to: w.before[1] },
      { key: `${d.id}:after`, from: w.after[0], to: w.after[1] },
    ].filter((s) => s.to <= Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  });
  if (!spans.length) return deployments.map((d) => ({ id: d.id, before: null, after: null }));
  const { rows } = await pool().query<{ key: string; spend: string | null; requests: string | null }>(
    `SELECT w.key,
            (SELECT trim_scale(sum(effective_cost))::text FROM cost_allocation
              WHERE app_service = $1 AND day >= w.since::date AND day < w.until::date) AS spend,
            (SELECT sum(requests)::text FROM span_hour
              WHERE service = $1 AND hour >= w.since AND hour < w.until) AS requests
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(key, since, until)`,
    [service, spans.map((s) => s.key), spans.map((s) => new Date(s.from)), spans.map((s) => new Date(s.to))],
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const unit = (key: string): UnitCost | null => {
    const row = byKey.get(key);
    if (!row?.spend) return null;
    const requests = Number(row.requests ?? 0);
    return { spend: row.spend, requests, per1kRequests: perThousand(toScaled(row.spend), requests) };
  };
  return deployments.map((d) => ({ id: d.id, before: unit(`${d.id}:before`), after: unit(`${d.id}:after`) }));
}
