import { authorize, type Ctx } from "../context";
import { parseInput } from "../validation";
import { DURATION_EDGES_NS, type DurationBucket, durationBuckets } from "./duration-buckets";
import { matchingBlockSpans, PROMOTED_KEYS } from "./search-blocks";
import { spanConditions } from "./search-conditions";
import { spanSource, withSpanSnapshot } from "./span-source";
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
    // Without an attribute filter the block test is exact: their durations are counted as they are.
    const exact = !spanFilter.attr || PROMOTED_KEYS.has(spanFilter.attr.slice(0, spanFilter.attr.indexOf(":")));
    const durations = exact
      ? await matchingBlockSpans(client, spanFilter, (block, i) => block.get("durationNs", i).toString())
      : [];
    const source = exact ? "span" : await spanSource(client, await matchingBlockSpans(client, spanFilter));
    params.push(DURATION_EDGES_NS);
    const edges = `$${params.length}::bigint[]`;
    params.push(durations);
    return (
      await client.query<{ bucket: number; count: string }>(
        `SELECT width_bucket(duration_ns, ${edges}) AS bucket, count(*)::text AS count
         FROM (SELECT duration_ns FROM ${source} s WHERE ${where.join(" AND ")}
               UNION ALL SELECT unnest($${params.length}::bigint[])) d
         GROUP BY 1`,
        params,
      )
    ).rows;
  });
  const counts = new Map(rows.map((row) => [row.bucket, Number(row.count)]));
  return { buckets: durationBuckets(counts), total: [...counts.values()].reduce((sum, count) => sum + count, 0) };
}
