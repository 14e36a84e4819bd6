import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { parseInput } from "../validation";
import { DURATION_EDGES_NS, type DurationBucket, durationBuckets } from "./duration-buckets";
import { spanConditions } from "./search-conditions";
import { SearchTracesInput } from "./search-traces";

/**
 * How long the spans a trace search matches took, as log-spaced buckets. The duration range of the
 * search is left out, so the chart shows the whole distribution around the range it selects.
 */
export async function spanDurationHistogram(
  ctx: Ctx,
  input: SearchTracesInput = {},
): Promise<{ buckets: DurationBucket[]; total: number }> {
  authorize(ctx, "read");
  const filter = parseInput(SearchTracesInput, input);
  const { where, params } = await spanConditions({ ...filter, minDurationMs: undefined, maxDurationMs: undefined });
  params.push(DURATION_EDGES_NS);
  const { rows } = await pool().query<{ bucket: number; count: string }>(
    `SELECT width_bucket(duration_ns, $${params.length}::bigint[]) AS bucket, count(*)::text AS count
     FROM span WHERE ${where.join(" AND ")} GROUP BY 1`,
    params,
  );
  const counts = new Map(rows.map((row) => [row.bucket, Number(row.count)]));
  return { buckets: durationBuckets(counts), total: [...counts.values()].reduce((sum, count) => sum + count, 0) };
}
