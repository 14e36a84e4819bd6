import { authorize, type Ctx } from "../context";
import { parseInput } from "../validation";
import { DURATION_EDGES_NS, type DurationBucket, durationBuckets } from "./duration-buckets";
import { matchingBlockSpans } from "./search-blocks";
import { spanConditions } from "./search-conditions";
import { withSpanSnapshot } from "./span-source";
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
  const spanFilter = { ...filter, minDurationMs: undefined, maxDurationMs: undefined };
  const rows = await withSpanSnapshot(async (client) => {
    const { where, params } = await spanConditions(spanFilter);
    // The blocks' matching spans are counted beside the rows by their durations alone.
    const durations = await matchingBlockSpans(client, spanFilter, (block, i) => block.get("durationNs", i).toString());
    params.push(DURATION_EDGES_NS);
    const edges = `$${params.length}::bigint[]`;
    params.push(durations);
    return (
      await client.query<{ bucket: number; count: string }>(
        `SELECT width_bucket(duration_ns, ${edges}) AS bucket, count(*)::text AS count
         FROM (SELECT duration_ns FROM span s WHERE ${where.join(" AND ")}
               UNION ALL SELECT unnest($${params.length}::bigint[])) d
         GROUP BY 1`,
        params,
      )
    ).rows;
  });
  const counts = new Map(rows.map((row) => [row.bucket, Number(row.count)]));
  return { buckets: durationBuckets(counts), total: [...counts.values()].reduce((sum, count) => sum + count, 0) };
}
