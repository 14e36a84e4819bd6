import { percentOf } from "../attribution/explorer-figures";
import { UNALLOCATED } from "../attribution/reserved-keys";
import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { fromScaled, toScaled } from "@/lib/decimal";
import { withSpan } from "../telemetry";
import { completeDays } from "../time";
import { pivotSpend, type ServiceDayCost } from "./pivot-spend";
import { GetOverviewInput, type Overview } from "./schemas";

// The Overview's spend is the allocation's billed cost by application service, the same rows
// GET /api/v1/costs/summary sums: one bill, one answer on every screen.

interface ServiceRow {
  name: string;
  team: string;
  tier: string;
  environments: string[] | null;
  spend: string | null;
}

const MAX_SERVICES = 200;

/** The executive overview: services with their spend, and daily spend per service, from the cost allocation. */
export async function getOverview(ctx: Ctx, input: GetOverviewInput = {}): Promise<Overview> {
  authorize(ctx, "read");
  const { days } = GetOverviewInput.parse(input);
  const { from, to } = completeDays(days);
  return withSpan("getOverview", { "vigil.days": days }, async () => {
    const { spend, services, unallocated, lastAllocatedAt } = await readOverview(from, to);
    const pivoted = pivotSpend(spend);
    const total = toScaled(pivoted.totalSpend);
    return {
      window: { from, to, days },
      ...pivoted,
      averagePerDay: pivoted.spendByDay.length ? fromScaled(total / BigInt(pivoted.spendByDay.length)) : "0",
      unallocatedPercent: percentOf(toScaled(unallocated ?? "0"), total),
      services: services.map((s) => ({
        name: s.name,
        team: s.team,
        tier: s.tier,
        environments: (s.environments ?? []).filter((env) => env !== UNALLOCATED),
        spend: s.spend ?? "0",
      })),
      lastAllocatedAt: lastAllocatedAt?.toISOString() ?? null,
    };
  });
}

async function readOverview(from: string, to: string) {
  const [spend, services, [state]] = await Promise.all([
    db().$queryRaw<ServiceDayCost[]>`
      SELECT day::text AS day, app_service AS service, trim_scale(SUM(billed_cost))::text AS cost
      FROM cost_allocation WHERE day >= ${from}::date AND day < ${to}::date
      GROUP BY day, app_service ORDER BY day, app_service`,
    db().$queryRaw<ServiceRow[]>`
      SELECT s.name, s.team, s.tier, d.environments, trim_scale(d.spend)::text AS spend
      FROM service s
      LEFT JOIN (
        SELECT app_service, array_agg(DISTINCT environment ORDER BY environment) AS environments,
               SUM(billed_cost) AS spend
        FROM cost_allocation WHERE day >= ${from}::date AND day < ${to}::date GROUP BY app_service
      ) d ON d.app_service = s.name
      ORDER BY d.spend DESC NULLS LAST, s.name LIMIT ${MAX_SERVICES}`,
    // Spend no tag rule or telemetry gives to a feature: the share the Costs page shows.
    db().$queryRaw<{ unallocated: string | null; at: Date | null }[]>`
      SELECT (SELECT SUM(billed_cost)::text FROM cost_allocation
              WHERE day >= ${from}::date AND day < ${to}::date AND feature = ${UNALLOCATED}) AS unallocated,
             (SELECT max(computed_at) FROM cost_allocation) AS at`,
  ]);
  return { spend, services, unallocated: state?.unallocated ?? null, lastAllocatedAt: state?.at ?? null };
}
