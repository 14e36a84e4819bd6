import { authorize, type Ctx } from "../context";
import { UNALLOCATED } from "../costs/rollup-daily-spend";
import { db } from "../db";
import { fromScaled, toScaled } from "@/lib/decimal";
import { withSpan } from "../telemetry";
import { addDays, utcDay } from "../time";
import { GetOverviewInput, type Overview, type SpendDay } from "./schemas";

interface SpendRow {
  day: string;
  service: string;
  cost: string;
}

interface ServiceRow {
  name: string;
  team: string;
  tier: string;
  environments: string[] | null;
  spend: string | null;
}

const MAX_SERVICES = 200;

/** The executive overview: services with their spend, and daily spend per service, from rollups. */
export async function getOverview(ctx: Ctx, input: GetOverviewInput = {}): Promise<Overview> {
  authorize(ctx, "read");
  const { days } = GetOverviewInput.parse(input);
  const to = utcDay(new Date());
  const from = addDays(to, -days);
  return withSpan("getOverview", { "vigil.days": days }, async () => {
    const [spend, services, rollup] = await Promise.all([
      db().$queryRaw<SpendRow[]>`
        SELECT day::text AS day, service, SUM(billed_cost)::text AS cost
        FROM daily_spend WHERE day >= ${from}::date AND day < ${to}::date
        GROUP BY day, service ORDER BY day, service`,
      db().$queryRaw<ServiceRow[]>`
        SELECT s.name, s.team, s.tier, d.environments, d.spend::text AS spend
        FROM service s
        LEFT JOIN (
          SELECT service, array_agg(DISTINCT environment ORDER BY environment) AS environments,
                 SUM(billed_cost) AS spend
          FROM daily_spend WHERE day >= ${from}::date AND day < ${to}::date GROUP BY service
        ) d ON d.service = s.name
        ORDER BY d.spend DESC NULLS LAST, s.name LIMIT ${MAX_SERVICES}`,
      db().dailySpend.aggregate({ _max: { computedAt: true } }),
    ]);
    const { spendByDay, spendKeys, totalSpend } = pivotSpend(spend);
    return {
      window: { from, to, days },
      totalSpend,
      services: services.map((s) => ({
        name: s.name,
        team: s.team,
        tier: s.tier,
        environments: (s.environments ?? []).filter((env) => env !== UNALLOCATED),
        spend: s.spend ?? "0",
      })),
      spendKeys,
      spendByDay,
      lastRollupAt: rollup._max.computedAt?.toISOString() ?? null,
    };
  });
}

/** Turns (day, service, cost) rows into one entry per day, with exact totals per day and per key. */
export function pivotSpend(rows: SpendRow[]): Pick<Overview, "spendByDay" | "spendKeys" | "totalSpend"> {
  const byDay = new Map<string, SpendDay>();
  const perKey = new Map<string, bigint>();
  let grand = 0n;
  for (const row of rows) {
    const amount = toScaled(row.cost);
    const day = byDay.get(row.day) ?? { day: row.day, total: "0", byService: {} };
    day.byService[row.service] = row.cost;
    day.total = fromScaled(toScaled(day.total) + amount);
    byDay.set(row.day, day);
    perKey.set(row.service, (perKey.get(row.service) ?? 0n) + amount);
    grand += amount;
  }
  const spendKeys = [...perKey.entries()].sort(bySpendUnallocatedLast).map(([key]) => key);
  return { spendByDay: [...byDay.values()], spendKeys, totalSpend: fromScaled(grand) };
}

/** Largest spend first, ties by name; unallocated spend always last, however large. */
function bySpendUnallocatedLast([keyA, spendA]: [string, bigint], [keyB, spendB]: [string, bigint]): number {
  if (keyA === UNALLOCATED || keyB === UNALLOCATED) return Number(keyA === UNALLOCATED) - Number(keyB === UNALLOCATED);
  if (spendA !== spendB) return spendA > spendB ? -1 : 1;
  return keyA.localeCompare(keyB);
}
