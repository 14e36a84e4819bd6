import type pg from "pg";

const known = new Set<string>();

/**
 * Creates the daily partitions of `span` that do not exist yet, through the owner's
 * vigil_ensure_span_partition (the app's role may not create tables). Safe to race with other
 * processes doing the same: the function answers false to the loser.
 */
export async function ensureSpanPartitions(client: pg.Pool | pg.PoolClient, days: Iterable<string>): Promise<number> {
  let created = 0;
  for (const day of days) {
    if (known.has(day)) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    const { rows } = await client.query<{ created: boolean }>(
      "SELECT vigil_ensure_span_partition($1::date) AS created",
      [day],
    );
    if (rows[0].created) created += 1;
    known.add(day);
  }
  return created;
}

/** Drops the daily partitions before `day` (retention), through the owner's function; their names. */
export async function dropSpanPartitionsBefore(client: pg.Pool | pg.PoolClient, day: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT name FROM vigil_drop_span_partitions_before($1::date) AS name",
    [day],
  );
  if (rows.length > 0) forgetKnownPartitions();
  return rows.map((row) => row.name);
}

/** Forget what exists (after retention drops partitions, or in tests). */
function forgetKnownPartitions(): void {
  known.clear();
}
