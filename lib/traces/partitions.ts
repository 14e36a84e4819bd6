import type pg from "pg";
import { addDays } from "../time";

/** span_pYYYYMMDD for a UTC day "YYYY-MM-DD". */
export function partitionName(day: string): string {
  return `span_p${day.replaceAll("-", "")}`;
}

const known = new Set<string>();

/**
 * Creates the daily partitions of `span` that do not exist yet. Safe to race with other
 * processes doing the same (the loser's "already exists" is ignored).
 */
export async function ensureSpanPartitions(client: pg.Pool | pg.PoolClient, days: Iterable<string>): Promise<number> {
  let created = 0;
  for (const day of days) {
    if (known.has(day)) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    const name = partitionName(day);
    try {
      const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [name]);
      if (!rows[0].exists) {
        await client.query(`CREATE TABLE ${name} PARTITION OF span FOR VALUES FROM ('${day} 00:00:00+00') TO ('${addDays(day, 1)} 00:00:00+00')`);
        created += 1;
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      // 42P07 duplicate table, 23505 unique violation on the catalog: another process won the race.
      if (code !== "42P07" && code !== "23505") throw err;
    }
    known.add(day);
  }
  return created;
}

/** Forget what exists (after retention drops partitions, or in tests). */
export function forgetKnownPartitions(): void {
  known.clear();
}
