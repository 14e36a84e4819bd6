// The order of spans inside a block: grouped by trace so a trace's rows are contiguous (and parents
// become local references), traces by their first span's start, spans by start, extra ns (null
// first) and span id bytes. Ties between traces fall to the trace id bytes, so the order is total.

import type { SpanRow } from "@/lib/traces/block/span-row";

export interface OrderedSpans {
  /** The rows in block order. */
  rows: SpanRow[];
  /** Per trace, in block order: its id and how many rows it has. */
  traceIds: Buffer[];
  counts: number[];
}

function compareSpans(a: SpanRow, b: SpanRow): number {
  if (a.startUs !== b.startUs) return a.startUs < b.startUs ? -1 : 1;
  if (a.startExtraNs !== b.startExtraNs) {
    if (a.startExtraNs === null) return -1;
    if (b.startExtraNs === null) return 1;
    return a.startExtraNs - b.startExtraNs;
  }
  return Buffer.compare(a.spanId, b.spanId);
}

export function orderSpans(input: readonly SpanRow[]): OrderedSpans {
  const byTrace = new Map<string, SpanRow[]>();
  for (const row of input) {
    const key = row.traceId.toString("latin1");
    const list = byTrace.get(key);
    if (list) list.push(row);
    else byTrace.set(key, [row]);
  }
  const traces = [...byTrace.values()];
  for (const spans of traces) if (spans.length > 1) spans.sort(compareSpans);
  traces.sort((a, b) => compareSpans(a[0], b[0]) || Buffer.compare(a[0].traceId, b[0].traceId));
  const rows: SpanRow[] = [];
  for (const spans of traces) for (const row of spans) rows.push(row);
  return { rows, traceIds: traces.map((t) => t[0].traceId), counts: traces.map((t) => t.length) };
}
