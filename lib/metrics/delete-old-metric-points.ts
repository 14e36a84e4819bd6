import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { env } from "../env";

// Retention: points older than VIGIL_METRICS_RETENTION_DAYS deleted in chunks, each its own
// statement, so no long transaction holds locks against the receiver; then series with no
// points left and not seen since the cutoff.

const CHUNK = 20_000;

const DELETE_CHUNK = `
  DELETE FROM metric_point WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM metric_point WHERE minute < $1 LIMIT ${CHUNK}))`;

const DELETE_SERIES = `
  DELETE FROM metric_series s
  WHERE s.last_seen < $1 AND NOT EXISTS (SELECT 1 FROM metric_point p WHERE p.series_id = s.id)`;

export async function deleteOldMetricPoints(
  ctx: Ctx,
  options: { now?: Date; signal?: AbortSignal } = {},
): Promise<{ before: string; points: number; series: number }> {
  authorize(ctx, "ingest:traces");
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - env().VIGIL_METRICS_RETENTION_DAYS * 86_400_000);
  let points = 0;
  for (;;) {
    const { rowCount } = await pool().query(DELETE_CHUNK, [cutoff]);
    points += rowCount ?? 0;
    if ((rowCount ?? 0) < CHUNK || options.signal?.aborted) break;
  }
  // A point stored meanwhile for a series being deleted fails this: it is tried again next hour.
  const series = await pool()
    .query(DELETE_SERIES, [cutoff])
    .then((result) => result.rowCount ?? 0)
    .catch((err: { code?: string }) => {
      if (err.code === "23503") return 0;
      throw err;
    });
  return { before: cutoff.toISOString(), points, series };
}
