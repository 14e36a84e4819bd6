import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { env } from "../env";
import { addDays, utcDay } from "../time";
import { ensureSpanPartitions, forgetKnownPartitions, partitionName } from "./partitions";

export interface PartitionMaintenance {
  created: number;
  dropped: string[];
}

/** Days of partitions created ahead, so ingest never waits on DDL at midnight. */
export const PARTITIONS_AHEAD = 3;

/**
 * Creates the partitions for today and the next days, and drops whole partitions older than the
 * retention: dropping a partition frees its space at once, where DELETE would leave dead rows.
 */
export async function maintainSpanPartitions(ctx: Ctx, today: string = utcDay(new Date())): Promise<PartitionMaintenance> {
  authorize(ctx, "ingest:traces");
  const days = Array.from({ length: PARTITIONS_AHEAD + 1 }, (_, i) => addDays(today, i));
  const created = await ensureSpanPartitions(pool(), days);
  const oldestKept = partitionName(addDays(today, -env().VIGIL_TRACE_RETENTION_DAYS));
  const { rows } = await pool().query<{ name: string }>(
    `SELECT child.relname AS name FROM pg_inherits
     JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
     JOIN pg_class child ON child.oid = pg_inherits.inhrelid
     WHERE parent.relname = 'span' AND child.relname ~ '^span_p[0-9]{8}$' AND child.relname < $1
     ORDER BY child.relname`,
    [oldestKept],
  );
  for (const { name } of rows) await pool().query(`DROP TABLE IF EXISTS ${name}`);
  if (rows.length > 0) forgetKnownPartitions();
  return { created, dropped: rows.map((row) => row.name) };
}
