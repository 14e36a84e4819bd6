import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { UNALLOCATED } from "../attribution/reserved-keys";
import { addDays, utcDay } from "../time";

/** Keys offered per kind at most: a select longer than this is no longer a choice. */
const MAX_KEYS = 500;

export interface BudgetKeys {
  features: { key: string; name: string | null }[];
  teams: string[];
}

/**
 * What a budget can be set for: registered features and teams, and those the last 90 days of
 * allocated spend name (a tag can name a feature nobody registered), never the unallocated key.
 */
export async function listBudgetKeys(ctx: Ctx, today: string = utcDay(new Date())): Promise<BudgetKeys> {
  authorize(ctx, "read");
  const since = addDays(today, -90);
  const [features, teams] = await Promise.all([
    pool().query<{ key: string; name: string | null }>(
      `SELECT key, max(name) AS name FROM (
         SELECT key, name FROM feature
         UNION ALL SELECT DISTINCT feature, NULL FROM cost_allocation WHERE day >= $1::date AND feature <> $2
       ) known GROUP BY key ORDER BY key LIMIT $3`,
      [since, UNALLOCATED, MAX_KEYS],
    ),
    pool().query<{ team: string }>(
      `SELECT team FROM (
         SELECT team FROM feature UNION SELECT team FROM service
         UNION SELECT DISTINCT team FROM cost_allocation WHERE day >= $1::date AND team <> $2
       ) known WHERE team <> '' ORDER BY team LIMIT $3`,
      [since, UNALLOCATED, MAX_KEYS],
    ),
  ]);
  return { features: features.rows, teams: teams.rows.map((row) => row.team) };
}
