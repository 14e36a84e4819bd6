// The metadata stored beside a block, for pruning in SQL: counts, time and duration ranges,
// names, resource fingerprints and the trace-id bloom filter.

import type { BlockMeta } from "@/lib/traces/block/block-types";
import type { OrderedSpans } from "@/lib/traces/block/order-spans";
import { buildBloom } from "@/lib/traces/block/trace-bloom";

/** ceil(durationNs / 1000) in µs (bigint division truncates toward zero, which is ceil below zero). */
const ceilUs = (ns: bigint): bigint => (ns > 0n ? (ns + 999n) / 1000n : ns / 1000n);

export function blockMeta(ordered: OrderedSpans, service: string): BlockMeta {
  const rows = ordered.rows;
  let errorCount = 0;
  let serverErrorCount = 0;
  let rootCount = 0;
  let minStartUs = rows[0].startUs;
  let maxStartUs = minStartUs;
  let maxEndUs = minStartUs;
  let minDurationNs = rows[0].durationNs;
  let maxDurationNs = minDurationNs;
  const names = new Set<string>();
  const fps = new Set<bigint>();
  for (const row of rows) {
    if (row.statusCode === 2) errorCount++;
    if (row.httpStatusCode !== null && row.httpStatusCode >= 500) serverErrorCount++;
    if (row.parentSpanId === null) rootCount++;
    if (row.startUs < minStartUs) minStartUs = row.startUs;
    if (row.startUs > maxStartUs) maxStartUs = row.startUs;
    const end = row.startUs + ceilUs(row.durationNs);
    if (end > maxEndUs) maxEndUs = end;
    if (row.durationNs < minDurationNs) minDurationNs = row.durationNs;
    if (row.durationNs > maxDurationNs) maxDurationNs = row.durationNs;
    names.add(row.name);
    fps.add(row.resourceFp);
  }
  if (maxEndUs < maxStartUs) maxEndUs = maxStartUs;
  return {
    service,
    format: 1,
    spanCount: rows.length,
    traceCount: ordered.traceIds.length,
    errorCount,
    serverErrorCount,
    rootCount,
    minStartUs,
    maxStartUs,
    maxEndUs,
    minDurationNs,
    maxDurationNs,
    names: [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    resourceFps: [...fps].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    bloom: buildBloom(ordered.traceIds),
  };
}
