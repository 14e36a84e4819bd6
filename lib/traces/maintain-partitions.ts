import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { env } from "../env";
import { addDays, utcDay } from "../time";
import { dropSpanPartitionsBefore, ensureSpanPartitions } from "./partitions";

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
export async function maintainSpanPartitions(
  ctx: Ctx,
  today: string = utcDay(new Date()),
): Promise<PartitionMaintenance> {
  authorize(ctx, "ingest:traces");
  const days = Array.from({ length: PARTITIONS_AHEAD + 1 }, (_, i) => addDays(today, i));
  const created = await ensureSpanPartitions(pool(), days);
  const dropped = await dropSpanPartitionsBefore(pool(), addDays(today, -env().VIGIL_TRACE_RETENTION_DAYS));
  return { created, dropped };
}
