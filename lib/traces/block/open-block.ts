// Opens a block's columns for reading: the ids at once (raw, small), every other group on the
// first read of one of its fields, each column on its first read. Readers filter on get(); one
// trace's rows come from rowsOfTrace + row without decoding the rest of the block's attributes.

import type { BlockColumns } from "@/lib/traces/block/block-types";
import { BlockCorruptError } from "@/lib/traces/block/byte-reader";
import type { DictValue } from "@/lib/traces/block/dictionary-column";
import { CORE_FIELDS, DictionaryGroup, EXTRA_FIELDS } from "@/lib/traces/block/dictionary-group";
import { ATTRIBUTE_FIELDS } from "@/lib/traces/block/encode-attributes";
import { BlockIds } from "@/lib/traces/block/read-ids";
import { BlockTimes } from "@/lib/traces/block/read-times";
import type { SpanRow } from "@/lib/traces/block/span-row";

export interface OpenBlock {
  count: number;
  /** Positions of that trace's rows (contiguous, in block order); empty when absent. */
  rowsOfTrace(traceId: Buffer): number[];
  /** One field of row i; the first access to a field decodes its column. Buffers are views: do not mutate. */
  get<K extends keyof SpanRow>(field: K, i: number): SpanRow[K];
  /** The whole span at row i. */
  row(i: number): SpanRow;
}

type Reader = (i: number) => unknown;

function readers(columns: BlockColumns, ids: BlockIds): Record<keyof SpanRow, Reader> {
  const times = new BlockTimes(columns.times, ids);
  const core = new DictionaryGroup(columns.core, "core", CORE_FIELDS, ids.count, ids.key);
  const attrs = new DictionaryGroup(columns.attrs, "attrs", ATTRIBUTE_FIELDS, ids.count, ids.key);
  if ((columns.extra !== null) !== ids.hasExtra)
    throw new BlockCorruptError(ids.hasExtra ? "extra group is missing" : "extra group where the block has none");
  const extra =
    columns.extra === null ? null : new DictionaryGroup(columns.extra, "extra", EXTRA_FIELDS, ids.count, ids.key);
  const fromCore = (field: (typeof CORE_FIELDS)[number]): Reader => {
    let values: DictValue[] | null = null;
    return (i) => (values ??= core.all(field))[i];
  };
  const fromExtra = (field: (typeof EXTRA_FIELDS)[number]): Reader =>
    extra === null ? () => null : (i) => extra.column(field).at(i);
  const out: Partial<Record<keyof SpanRow, Reader>> = {
    startUs: (i) => times.startUs(i),
    startExtraNs: (i) => times.startExtraNs(i),
    durationNs: (i) => times.durationNs(i),
    traceId: (i) => ids.traceId(i),
    spanId: (i) => ids.spanId(i),
    parentSpanId: (i) => ids.parentSpanId(i),
    service: () => ids.service,
    attributes: (i) => attrs.column("attributes").at(i),
    events: fromExtra("events"),
    links: fromExtra("links"),
  };
  for (const field of CORE_FIELDS) out[field] = fromCore(field);
  return out as Record<keyof SpanRow, Reader>;
}

export function openBlock(columns: BlockColumns): OpenBlock {
  const ids = new BlockIds(columns.ids, columns.traceIds);
  const read = readers(columns, ids);
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= ids.count)
      throw new RangeError(`span block: no row ${i} of ${ids.count}`);
  };
  const get = <K extends keyof SpanRow>(field: K, i: number): SpanRow[K] => {
    check(i);
    const reader = read[field];
    if (!reader) throw new Error(`span block: no field ${String(field)}`);
    return reader(i) as SpanRow[K];
  };
  const row = (i: number): SpanRow => {
    check(i);
    const out = {} as Record<keyof SpanRow, unknown>;
    for (const field of FIELD_ORDER) out[field] = read[field](i);
    return out as unknown as SpanRow;
  };
  return {
    count: ids.count,
    rowsOfTrace(traceId) {
      const t = ids.findTrace(traceId);
      if (t < 0) return [];
      const out: number[] = [];
      for (let i = ids.traceStart[t]; i < ids.traceStart[t + 1]; i++) out.push(i);
      return out;
    },
    get,
    row,
  };
}

/** SpanRow's fields in its declared order, so a decoded row prints like a selected one. */
const FIELD_ORDER: (keyof SpanRow)[] = [
  "startUs",
  "startExtraNs",
  "traceId",
  "spanId",
  "parentSpanId",
  "service",
  "name",
  "kind",
  "durationNs",
  "statusCode",
  "statusMessage",
  "traceState",
  "flags",
  "environment",
  "resourceFp",
  "attributes",
  "httpRoute",
  "httpStatusCode",
  "dbSystem",
  "peerService",
  "feature",
  "scopeName",
  "scopeVersion",
  "events",
  "links",
];

/** Every row of a block, in block order (tests, unpacking into a temporary table). */
export function decodeBlock(columns: BlockColumns): SpanRow[] {
  const block = openBlock(columns);
  const rows = new Array<SpanRow>(block.count);
  for (let i = 0; i < block.count; i++) rows[i] = block.row(i);
  if (rows.length === 0) throw new BlockCorruptError("no rows");
  return rows;
}
