// The DORA figures week by week over a window, for the Delivery page's charts: 7-day weeks counted
// back from `to`, so the latest weeks are whole and the first one is shorter when the window is not
// whole weeks. One getDora per week: its cost is the weeks times getDora's three queries.
import { z } from "zod";
import { authorize, type Ctx } from "@/lib/context";
import type { DoraMetrics } from "@/lib/delivery/dora-metrics";
import { getDora } from "@/lib/delivery/get-dora";
import { DoraSliceInput } from "@/lib/delivery/slice";
import { parseInput } from "@/lib/validation";

const WEEK_MS = 7 * 86_400_000;
const MAX_WEEKS = 53;

export interface DoraWeek {
  from: Date;
  to: Date;
  metrics: DoraMetrics;
}

const DoraSeriesInput = DoraSliceInput.refine((s) => s.to.getTime() - s.from.getTime() <= MAX_WEEKS * WEEK_MS, {
  path: ["to"],
  message: `a weekly series spans at most ${MAX_WEEKS} weeks`,
});

/** The weeks of [from, to), oldest first. */
export function weeksOf(from: Date, to: Date): { from: Date; to: Date }[] {
  const weeks: { from: Date; to: Date }[] = [];
  for (let t = to.getTime(); t > from.getTime(); t -= WEEK_MS) {
    weeks.unshift({ from: new Date(Math.max(t - WEEK_MS, from.getTime())), to: new Date(t) });
  }
  return weeks;
}

export async function doraSeries(ctx: Ctx, input: z.input<typeof DoraSeriesInput>): Promise<DoraWeek[]> {
  authorize(ctx, "read");
  const slice = parseInput(DoraSeriesInput, input);
  return Promise.all(
    weeksOf(slice.from, slice.to).map(async (week) => ({
      ...week,
      metrics: await getDora(ctx, {
        from: week.from.toISOString(),
        to: week.to.toISOString(),
        service: slice.service,
        team: slice.team,
      }),
    })),
  );
}
