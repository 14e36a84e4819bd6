// Opens a block's columns for reading: the ids at once (raw, small), every other group on the
// first read of one of its fields, each column on its first read. Readers filter on get(); one
// trace's rows come from rowsOfTrace + row without decoding the rest of the block's attributes.

import type { BlockColumns } from "@/lib/traces/block/block-types";
import { BlockCorruptError } from "@/lib/traces/block/byte-reader";
import type { DictValue } from "@/lib/traces/block/dictionary-column";
import { CORE_FIELDS, DictionaryGroup, EXTRA_FIELDS } from "@/lib/traces/block/dictionary-group";
import { BlockAttributes } from "@/lib/traces/block/read-attributes";
import { BlockIds } from "@/lib/traces/block/read-ids";
import { BlockTimes } from "@/lib/traces/block/read-times";
import type { SpanRow } from "@/lib/traces/block/span-row";

export interface OpenBlock {
  count: number;
  /** How many traces the block holds; trace(t) names one and its rows [from, to). */
  traceCount: number;
  trace(t: number): { id: Buffer; from: number; to: number };
  /** Positions of that trace's rows (contiguous, in block order); empty when absent. */
  rowsOfTrace(traceId: Buffer): number[];
  /** One field of row i; the first access to a field decodes its column. Buffers are views: do not mutate. */
  get<K extends keyof SpanRow>(field: K, i: number): SpanRow[K];
  /** The whole span at row i. */
  row(i: number): SpanRow;
}

type Readers = { [K in keyof SpanRow]: (i: number) => SpanRow[K] };

/** Row by row while few rows are read (one trace), the whole column once many are (a filter). */
function lazyColumn(group: DictionaryGroup, field: string): (i: number) => DictValue {
  let values: DictValue[] | null = null;
  let reads = 0;
  return (i) => {
    if (values !== null) return values[i];
    if (++reads < 64) return group.column(field).at(i);
    values = group.all(field);
    return values[i];
  };
}

function readers(columns: BlockColumns, ids: BlockIds): Readers {
  const times = new BlockTimes(columns.times, ids);
  const core = new DictionaryGroup(columns.core, "core", CORE_FIELDS, ids.count, ids.key);
  const attrs = new BlockAttributes(columns.attrs, ids);
  if ((columns.extra !== null) !== ids.hasExtra)
    throw new BlockCorruptError(ids.hasExtra ? "extra group is missing" : "extra group where the block has none");
  const extra =
    columns.extra === null ? null : new DictionaryGroup(columns.extra, "extra", EXTRA_FIELDS, ids.count, ids.key);
  const text = (group: DictionaryGroup | null, field: string) => {
    if (group === null) return () => null;
    const read = lazyColumn(group, field);
    return (i: number) => read(i) as string | null;
  };
  const c = <T>(field: (typeof CORE_FIELDS)[number]) => lazyColumn(core, field) as (i: number) => T;
  return {
    startUs: (i) => times.startUs(i),
    startExtraNs: (i) => times.startExtraNs(i),
    durationNs: (i) => times.durationNs(i),
    traceId: (i) => ids.traceId(i),
    spanId: (i) => ids.spanId(i),
    parentSpanId: (i) => ids.parentSpanId(i),
    service: () => ids.service,
    attributes: (i) => attrs.text(i),
    events: text(extra, "events"),
    links: text(extra, "links"),
    name: c<string>("name"),
    kind: c<number>("kind"),
    statusCode: c<number>("statusCode"),
    statusMessage: c<string | null>("statusMessage"),
    traceState: c<string | null>("traceState"),
    flags: c<number>("flags"),
    environment: c<string | null>("environment"),
    resourceFp: c<bigint>("resourceFp"),
    httpRoute: c<string | null>("httpRoute"),
    httpStatusCode: c<number | null>("httpStatusCode"),
    dbSystem: c<string | null>("dbSystem"),
    peerService: c<string | null>("peerService"),
    feature: c<string | null>("feature"),
    scopeName: c<string | null>("scopeName"),
    scopeVersion: c<string | null>("scopeVersion"),
  };
}

/** The whole span, built as one literal so every row has the same shape (fast to read and copy). */
function rowOf(r: Readers, i: number): SpanRow {
  return {
    startUs: r.startUs(i),
    startExtraNs: r.startExtraNs(i),
    traceId: r.traceId(i),
    spanId: r.spanId(i),
    parentSpanId: r.parentSpanId(i),
    service: r.service(i),
    name: r.name(i),
    kind: r.kind(i),
    durationNs: r.durationNs(i),
    statusCode: r.statusCode(i),
    statusMessage: r.statusMessage(i),
    traceState: r.traceState(i),
    flags: r.flags(i),
    environment: r.environment(i),
    resourceFp: r.resourceFp(i),
    attributes: r.attributes(i),
    httpRoute: r.httpRoute(i),
    httpStatusCode: r.httpStatusCode(i),
    dbSystem: r.dbSystem(i),
    peerService: r.peerService(i),
    feature: r.feature(i),
    scopeName: r.scopeName(i),
    scopeVersion: r.scopeVersion(i),
    events: r.events(i),
    links: r.links(i),
  };
}

export function openBlock(columns: BlockColumns): OpenBlock {
  const ids = new BlockIds(columns.ids, columns.traceIds);
  const read = readers(columns, ids);
  const count = ids.count;
  const check = (i: number) => {
    if (!(i >= 0 && i < count && Number.isInteger(i))) throw new RangeError(`span block: no row ${i} of ${count}`);
  };
  return {
    count,
    traceCount: ids.traceCount,
    trace(t) {
      if (!(t >= 0 && t < ids.traceCount && Number.isInteger(t)))
        throw new RangeError(`span block: no trace ${t} of ${ids.traceCount}`);
      return { id: ids.traceIdAt(t), from: ids.traceStart[t], to: ids.traceStart[t + 1] };
    },
    rowsOfTrace(traceId) {
      const t = ids.findTrace(traceId);
      if (t < 0) return [];
      const out: number[] = [];
      for (let i = ids.traceStart[t]; i < ids.traceStart[t + 1]; i++) out.push(i);
      return out;
    },
    get<K extends keyof SpanRow>(field: K, i: number): SpanRow[K] {
      check(i);
      const reader = Object.hasOwn(read, field) ? read[field] : undefined;
      if (reader === undefined) throw new Error(`span block: no field ${String(field)}`);
      return reader(i) as SpanRow[K];
    },
    row(i) {
      check(i);
      return rowOf(read, i);
    },
  };
}

/** Every row of a block, in block order (tests, unpacking into a temporary table). */
export function decodeBlock(columns: BlockColumns): SpanRow[] {
  const block = openBlock(columns);
  const rows = new Array<SpanRow>(block.count);
  for (let i = 0; i < block.count; i++) rows[i] = block.row(i);
  if (rows.length === 0) throw new BlockCorruptError("no rows");
  return rows;
}
