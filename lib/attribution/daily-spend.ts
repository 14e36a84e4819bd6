import { pool } from "../db";
import { COST_HISTORY_DAYS } from "@/lib/forecasts/cost-forecast";
import { addDays } from "../time";

// Allocated spend per day of features and teams, over what a month-end projection needs: the
// seasonal model's history, and at least from a week before the month for the run rate it falls
// back to while it learns. Budgets and the feature page read it, so both project the same number.

export interface SpendRow {
  scope: "feature" | "team";
  key: string;
  day: string;
  billed: string;
  effective: string;
}

export function historyStart(today: string): string {
  const runRate = addDays(`${today.slice(0, 7)}-01`, -8);
  const model = addDays(today, -COST_HISTORY_DAYS);
  return runRate < model ? runRate : model;
}

/** Each given feature's and team's billed and effective spend per day, up to and including `today`. */
export async function readDailySpend(keys: { feature: string[]; team: string[] }, today: string): Promise<SpendRow[]> {
  const { rows } = await pool().query<SpendRow>(
    `SELECT 'feature' AS scope, feature AS key, day::text, sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective
     FROM cost_allocation WHERE day >= $1::date AND day <= $2::date AND feature = ANY($3::text[]) GROUP BY 2, 3
     UNION ALL
     SELECT 'team', team, day::text, sum(billed_cost)::text, sum(effective_cost)::text
     FROM cost_allocation WHERE day >= $1::date AND day <= $2::date AND team = ANY($4::text[]) GROUP BY 2, 3`,
    [historyStart(today), today, keys.feature, keys.team],
  );
  return rows;
}

/**
 * The last day the allocated bills reach, up to `today`: the month-end projection forecasts the
 * days after it rather than counting them as spending nothing (bills arrive a day or more late).
 */
export async function readBilledThrough(today: string): Promise<string | null> {
  const { rows } = await pool().query<{ last: string | null }>(
    "SELECT max(day)::text AS last FROM cost_allocation WHERE day <= $1::date",
    [today],
  );
  return rows[0].last;
}
