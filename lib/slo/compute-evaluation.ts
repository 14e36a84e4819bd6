import { readRolledUntil } from "@/lib/traces/rollup-spans";
import { readSlices, readWindowCounts, type SliWindow } from "./read-sli";
import type { SloDefinition } from "./schemas";
import { evaluateSlo, type SloEvaluation } from "./slo-evaluation";
import { BURN_WINDOWS, type BurnWindow, periodAt } from "./slo-windows";

const MINUTE = 60_000;

/**
 * Where SLOs are evaluated up to: the rollups' complete minutes (a minute still being rolled up
 * would read as a sudden drop in traffic), never past `now`.
 */
export async function evaluationTime(now: Date): Promise<Date> {
  const rolled = (await readRolledUntil())?.getTime() ?? now.getTime();
  return new Date(Math.floor(Math.min(rolled, now.getTime()) / MINUTE) * MINUTE);
}

/** An SLO's evaluation over the data before `until`. */
export async function computeEvaluation(slo: SloDefinition, until: Date): Promise<SloEvaluation> {
  const period = periodAt(slo.window, until);
  const windows: SliWindow[] = [
    ...Object.entries(BURN_WINDOWS).map(([key, ms]) => ({ key, from: new Date(until.getTime() - ms) })),
    { key: "period", from: period.from },
  ];
  const counts = await readWindowCounts(slo, windows, until);
  const slices =
    slo.budgetingMethod !== "Occurrences" && slo.timeSlice
      ? await readSlices(slo, period.from, until, slo.timeSlice.windowMinutes)
      : null;
  return evaluateSlo(slo, period, until, counts as Record<BurnWindow, (typeof counts)[string]>, counts.period, slices);
}
