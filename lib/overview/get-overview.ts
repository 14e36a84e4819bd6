import type pg from "pg";
import { listBudgets } from "../attribution/list-budgets";
import { NO_SERVICE, UNALLOCATED } from "../attribution/reserved-keys";
import { authorize, type Ctx } from "../context";
import { sqlTransaction } from "../db";
import { toScaled } from "@/lib/decimal";
import { withSpan } from "../telemetry";
import { addDays, completeDays, utcDay } from "../time";
import { parseInput } from "../validation";
import { monthToDate, monthWindow, periodFigures } from "./period-figures";
import { pivotSpend } from "./pivot-spend";
import {
  type Metric,
  readDailyTotals,
  readLastAllocatedAt,
  readPeriod,
  readServices,
  readSpendByDay,
} from "./read-overview";
import { readBilledThrough } from "../attribution/daily-spend";
import { GetOverviewInput, type Overview } from "./schemas";

// The Overview's spend is the allocation's cost by application service over complete days, in the
// Costs page's metric: the same rows GET /api/v1/costs/summary sums, so one bill gives one answer.

/**
 * The executive overview: key figures against the period before, the month to date, spend per
 * service and day. Its days end before the UTC day holding `now`.
 */
export async function getOverview(
  ctx: Ctx,
  input: GetOverviewInput | Record<string, string> = {},
  now = new Date(),
): Promise<Overview> {
  authorize(ctx, "read");
  const { days, metric } = parseInput(GetOverviewInput, input);
  const today = utcDay(now);
  const window = completeDays(days, today);
  return withSpan("getOverview", { "vigil.days": days, "vigil.metric": metric }, async () => {
    const [read, budgets, billedThrough] = await Promise.all([
      sqlTransaction((client) => readAll(client, window, metric, today)),
      listBudgets(ctx, today),
      readBilledThrough(today),
    ]);
    // The chart names spend with no application service apart from spend with no feature.
    const pivoted = pivotSpend(
      read.spend.map((row) => (row.service === UNALLOCATED ? { ...row, service: NO_SERVICE } : row)),
    );
    return {
      window: { ...window, days },
      metric,
      ...pivoted,
      current: periodFigures(window, read.current),
      previous: periodFigures(read.previousWindow, read.previous),
      month: monthToDate(
        new Map(read.daily.map((row) => [row.day, toScaled(row.cost)])),
        today,
        budgets,
        billedThrough,
      ),
      services: read.services.map((s) => ({
        name: s.name,
        team: s.team,
        tier: s.tier,
        environments: (s.environments ?? []).filter((env) => env !== UNALLOCATED),
        spend: s.spend ?? "0",
      })),
      lastAllocatedAt: read.lastAllocatedAt,
    };
  });
}

/** Every read in one snapshot, so the tiles, the chart and the table agree even while an allocation commits. */
async function readAll(client: pg.ClientBase, window: { from: string; to: string }, metric: Metric, today: string) {
  await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  const days = (Date.parse(window.to) - Date.parse(window.from)) / 86_400_000;
  const previousWindow = { from: addDays(window.from, -days), to: window.from };
  return {
    previousWindow,
    spend: await readSpendByDay(client, window, metric),
    services: await readServices(client, window, metric),
    current: await readPeriod(client, window, metric),
    previous: await readPeriod(client, previousWindow, metric),
    daily: await readDailyTotals(client, monthWindow(today), metric),
    lastAllocatedAt: await readLastAllocatedAt(client),
  };
}
