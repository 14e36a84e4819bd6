// The OTLP trace messages read straight from the protobuf wire (field numbers from trace.proto).
// protobufjs spent as long building its message objects as Vigil spends storing the spans; this
// builds only what the normaliser reads, and skips unknown fields as the protobuf rules require.
// Fuzzed in wire.test.ts and checked against protobufjs on the same input.

import { FIXED32, FIXED64, type FieldReader, LEN, Reader, readMessage, VARINT, WireError } from "./wire-reader";

export { WireError };

const MAX_DEPTH = 16;

type AnyValue = { value: string; [member: string]: unknown };
export type KeyValue = { key: string; value: AnyValue | null };
type Nested<T> = { depth: number; out: T };

// AnyValue is a oneof: the last member present wins, as in protobuf.
const ANY_VALUE: Record<number, FieldReader<Nested<AnyValue>>> = {
  1: [LEN, "AnyValue.string_value", (r, v) => void (v.out = { value: "stringValue", stringValue: r.string() })],
  2: [VARINT, "AnyValue.bool_value", (r, v) => void (v.out = { value: "boolValue", boolValue: r.varint() !== 0 })],
  3: [VARINT, "AnyValue.int_value", (r, v) => void (v.out = { value: "intValue", intValue: r.varint64() })],
  4: [FIXED64, "AnyValue.double_value", (r, v) => void (v.out = { value: "doubleValue", doubleValue: r.double() })],
  5: [
    LEN,
    "AnyValue.array_value",
    (r, v) => void (v.out = { value: "arrayValue", arrayValue: { values: readList(r.sub(), v.depth, readAnyValue) } }),
  ],
  6: [
    LEN,
    "AnyValue.kvlist_value",
    (r, v) =>
      void (v.out = { value: "kvlistValue", kvlistValue: { values: readList(r.sub(), v.depth, readKeyValue) } }),
  ],
  7: [LEN, "AnyValue.bytes_value", (r, v) => void (v.out = { value: "bytesValue", bytesValue: r.base64() })],
};

export function readAnyValue(r: Reader, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new WireError("values nested too deeply");
  return readMessage(r, { depth, out: { value: "" } }, ANY_VALUE).out;
}

/** ArrayValue and KeyValueList: field 1 repeated, one level deeper. */
function readList<T>(r: Reader, depth: number, readItem: (r: Reader, depth: number) => T): T[] {
  const items: T[] = [];
  readMessage(r, items, { 1: [LEN, "values", (inner, list) => void list.push(readItem(inner.sub(), depth + 1))] });
  return items;
}

const KEY_VALUE: Record<number, FieldReader<Nested<KeyValue>>> = {
  1: [LEN, "KeyValue.key", (r, kv) => void (kv.out.key = r.string())],
  2: [LEN, "KeyValue.value", (r, kv) => void (kv.out.value = readAnyValue(r.sub(), kv.depth))],
};

function readKeyValue(r: Reader, depth = 0): KeyValue {
  return readMessage(r, { depth, out: { key: "", value: null } }, KEY_VALUE).out;
}

const attribute = (name: string): FieldReader<{ attributes: KeyValue[] }> => [
  LEN,
  name,
  (r, into) => void into.attributes.push(readKeyValue(r.sub())),
];

export interface Event {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
}

export const EVENT: Record<number, FieldReader<Event>> = {
  1: [FIXED64, "Event.time_unix_nano", (r, e) => void (e.timeUnixNano = r.fixed64())],
  2: [LEN, "Event.name", (r, e) => void (e.name = r.string())],
  3: attribute("Event.attributes"),
};

export interface Link {
  traceId?: string;
  spanId?: string;
  traceState: string;
  flags?: number;
  attributes: KeyValue[];
}

export const LINK: Record<number, FieldReader<Link>> = {
  1: [LEN, "Link.trace_id", (r, l) => void (l.traceId = r.hex())],
  2: [LEN, "Link.span_id", (r, l) => void (l.spanId = r.hex())],
  3: [LEN, "Link.trace_state", (r, l) => void (l.traceState = r.string())],
  4: attribute("Link.attributes"),
  6: [FIXED32, "Link.flags", (r, l) => void (l.flags = r.fixed32())],
};

interface Status {
  message: string;
  code: number;
}

const STATUS: Record<number, FieldReader<Status>> = {
  2: [LEN, "Status.message", (r, s) => void (s.message = r.string())],
  3: [VARINT, "Status.code", (r, s) => void (s.code = r.varint())],
};

interface Span {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState: string;
  name: string;
  kind: number;
  flags: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  events: Event[];
  links: Link[];
  status: Status | null;
}

const SPAN: Record<number, FieldReader<Span>> = {
  1: [LEN, "Span.trace_id", (r, s) => void (s.traceId = r.hex())],
  2: [LEN, "Span.span_id", (r, s) => void (s.spanId = r.hex())],
  3: [LEN, "Span.trace_state", (r, s) => void (s.traceState = r.string())],
  4: [LEN, "Span.parent_span_id", (r, s) => void (s.parentSpanId = r.hex())],
  5: [LEN, "Span.name", (r, s) => void (s.name = r.string())],
  6: [VARINT, "Span.kind", (r, s) => void (s.kind = r.varint())],
  7: [FIXED64, "Span.start_time_unix_nano", (r, s) => void (s.startTimeUnixNano = r.fixed64())],
  8: [FIXED64, "Span.end_time_unix_nano", (r, s) => void (s.endTimeUnixNano = r.fixed64())],
  9: attribute("Span.attributes"),
  11: [
    LEN,
    "Span.events",
    (r, s) => void s.events.push(readMessage(r.sub(), { timeUnixNano: 0n, name: "", attributes: [] }, EVENT)),
  ],
  13: [LEN, "Span.links", (r, s) => void s.links.push(readMessage(r.sub(), { traceState: "", attributes: [] }, LINK))],
  15: [LEN, "Span.status", (r, s) => void (s.status = readMessage(r.sub(), { message: "", code: 0 }, STATUS))],
  16: [FIXED32, "Span.flags", (r, s) => void (s.flags = r.fixed32())],
};

const newSpan = (): Span => ({
  traceState: "",
  name: "",
  kind: 0,
  flags: 0,
  startTimeUnixNano: 0n,
  endTimeUnixNano: 0n,
  attributes: [],
  events: [],
  links: [],
  status: null,
});

interface ScopeSpans {
  scope: { name: string; version: string } | null;
  spans: Span[];
}

export const SCOPE: Record<number, FieldReader<{ name: string; version: string }>> = {
  1: [LEN, "InstrumentationScope.name", (r, s) => void (s.name = r.string())],
  2: [LEN, "InstrumentationScope.version", (r, s) => void (s.version = r.string())],
};

const SCOPE_SPANS: Record<number, FieldReader<ScopeSpans>> = {
  1: [LEN, "ScopeSpans.scope", (r, ss) => void (ss.scope = readMessage(r.sub(), { name: "", version: "" }, SCOPE))],
  2: [LEN, "ScopeSpans.spans", (r, ss) => void ss.spans.push(readMessage(r.sub(), newSpan(), SPAN))],
};

interface ResourceSpans {
  resource: { attributes: KeyValue[] } | null;
  scopeSpans: ScopeSpans[];
}

export const RESOURCE: Record<number, FieldReader<{ attributes: KeyValue[] }>> = {
  1: attribute("Resource.attributes"),
};

const RESOURCE_SPANS: Record<number, FieldReader<ResourceSpans>> = {
  1: [
    LEN,
    "ResourceSpans.resource",
    (r, rs) => void (rs.resource = readMessage(r.sub(), { attributes: [] }, RESOURCE)),
  ],
  2: [
    LEN,
    "ResourceSpans.scope_spans",
    (r, rs) => void rs.scopeSpans.push(readMessage(r.sub(), { scope: null, spans: [] }, SCOPE_SPANS)),
  ],
};

/**
 * An ExportTraceServiceRequest in the shape the normaliser reads: ids as lowercase hex, other
 * bytes as base64, 64-bit integers as bigint.
 */
export function readTraceRequest(body: Uint8Array): { resourceSpans: ResourceSpans[] } {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const request: { resourceSpans: ResourceSpans[] } = { resourceSpans: [] };
  return readMessage(new Reader(buf, 0, buf.length), request, {
    1: [
      LEN,
      "ExportTraceServiceRequest.resource_spans",
      (r, req) => void req.resourceSpans.push(readMessage(r.sub(), { resource: null, scopeSpans: [] }, RESOURCE_SPANS)),
    ],
  });
}
