import { DAILY_SPEND_LOCK } from "../advisory-locks";
import { UNALLOCATED } from "../attribution/allocate-costs";
import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { withSpan } from "../telemetry";
import { DayRange } from "./schemas";

export { UNALLOCATED };

export interface RollupResult {
  days: number;
  rows: number;
}

/**
 * Rebuilds daily_spend for the UTC days in [from, to) from the cost lines, in one transaction so
 * readers never see a half-built day. Lines without a service or env tag stay visible as
 * `__unallocated__` rather than vanishing from the totals.
 */
export async function rollupDailySpend(ctx: Ctx, input: DayRange): Promise<RollupResult> {
  authorize(ctx, "costs:manage");
  const { from, to } = DayRange.parse(input);
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  return withSpan("rollupDailySpend", { "vigil.from": from, "vigil.to": to }, () =>
    db().$transaction(async (tx) => {
      // Overlapping rebuilds (a scheduled run and one after an import) would collide on the key.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DAILY_SPEND_LOCK})`;
      await tx.$executeRaw`DELETE FROM daily_spend WHERE day >= ${from}::date AND day < ${to}::date`;
      const rows = await tx.$executeRaw`
        INSERT INTO daily_spend
          (day, service, environment, provider_name, billed_cost, effective_cost, line_count, computed_at)
        SELECT (charge_period_start AT TIME ZONE 'UTC')::date,
               COALESCE(NULLIF(tags->>'service', ''), ${UNALLOCATED}),
               COALESCE(NULLIF(tags->>'env', ''), ${UNALLOCATED}),
               provider_name,
               SUM(billed_cost), SUM(effective_cost), COUNT(*)::int, now()
        FROM cost_line
        WHERE charge_period_start >= ${start} AND charge_period_start < ${end}
        GROUP BY 1, 2, 3, 4`;
      const days = Math.round((end.getTime() - start.getTime()) / 86_400_000);
      return { days, rows };
    }),
  );
}
