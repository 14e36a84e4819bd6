import type { Ctx } from "../context";
import { allocateRecent, REALLOCATION_DAYS } from "../attribution/allocate-recent";
import { evaluateBudgets } from "../attribution/budgets";
import { importDrops } from "../costs/import-drops";
import { rollupDailySpend } from "../costs/rollup-daily-spend";
import { addDays, utcDay } from "../time";
import { maintainSpanPartitions, PARTITIONS_AHEAD } from "../traces/maintain-partitions";
import { LATE_ARRIVAL_MINUTES, rollupSpans } from "../traces/rollup-spans";

export interface JobDefinition {
  name: string;
  /** Cron in UTC. */
  cron: string;
  description: string;
  /** Also run once when a worker starts, so a fresh install does not wait for the first tick. */
  runAtStart: boolean;
  run(ctx: Ctx): Promise<unknown>;
}

/** Days a late billing export may still restate; the rollup rebuilds them on every run. */
export const SPEND_RESTATEMENT_DAYS = 35;

export const JOBS: JobDefinition[] = [
  {
    name: "rollup-daily-spend",
    cron: "*/15 * * * *",
    description: `Rebuilds daily spend per service for the last ${SPEND_RESTATEMENT_DAYS} days`,
    runAtStart: true,
    run: (ctx) => {
      const tomorrow = addDays(utcDay(new Date()), 1);
      return rollupDailySpend(ctx, { from: addDays(tomorrow, -SPEND_RESTATEMENT_DAYS), to: tomorrow });
    },
  },
  {
    name: "import-billing-drops",
    cron: "* * * * *",
    description: "Imports billing files dropped into the watched folder (one subfolder per format)",
    runAtStart: true,
    run: (ctx) => importDrops(ctx),
  },
  {
    name: "allocate-costs",
    cron: "*/5 * * * *",
    description: `Allocates spend to features, teams and environments for the last ${REALLOCATION_DAYS} days and newly imported periods, then checks budgets`,
    runAtStart: true,
    run: async (ctx) => ({ allocations: await allocateRecent(ctx), budgets: await evaluateBudgets(ctx) }),
  },
  {
    name: "maintain-span-partitions",
    cron: "7 * * * *",
    description: `Creates span partitions ${PARTITIONS_AHEAD} days ahead and drops those past the trace retention`,
    runAtStart: true,
    run: (ctx) => maintainSpanPartitions(ctx),
  },
  {
    name: "rollup-spans",
    cron: "* * * * *",
    description: `Per-minute service RED and edges from spans, redoing the last ${LATE_ARRIVAL_MINUTES} minutes for late arrivals`,
    runAtStart: true,
    run: (ctx) => rollupSpans(ctx),
  },
];
