import { readRolledUntil } from "@/lib/traces/rollup-spans";
import { readCycleCounts } from "./read-cycle";
import { readSlices, type SliWindow, type WindowCounts } from "./read-sli";
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

function windowsOf(slo: SloDefinition, until: Date): SliWindow[] {
  return [
    ...Object.entries(BURN_WINDOWS).map(([key, ms]) => ({ key, from: new Date(until.getTime() - ms) })),
    { key: "period", from: periodAt(slo.window, until).from },
  ];
}

/** Each SLO's evaluation over the data before `until`, from one read of the rollups. */
export async function computeEvaluations(
  slos: readonly { id: string; definition: SloDefinition }[],
  until: Date,
): Promise<Map<string, SloEvaluation>> {
  const targets = slos.map((s) => ({ id: s.id, slo: s.definition, windows: windowsOf(s.definition, until) }));
  const counts = await readCycleCounts(targets, until);
  const evaluations = new Map<string, SloEvaluation>();
  for (const { id, definition: slo } of slos) {
    const period = periodAt(slo.window, until);
    const windows = counts.get(id) as Record<BurnWindow | "period", WindowCounts>;
    const slices =
      slo.budgetingMethod !== "Occurrences" && slo.timeSlice
        ? await readSlices(slo, period.from, until, slo.timeSlice.windowMinutes)
        : null;
    evaluations.set(id, evaluateSlo(slo, period, until, windows, windows.period, slices));
  }
  return evaluations;
}

/** One SLO's evaluation over the data before `until`. */
export async function computeEvaluation(slo: SloDefinition, until: Date): Promise<SloEvaluation> {
  return (await computeEvaluations([{ id: "one", definition: slo }], until)).get("one") as SloEvaluation;
}
