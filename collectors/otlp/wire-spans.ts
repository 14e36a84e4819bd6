// The hot path of the receiver: an OTLP protobuf ExportTraceServiceRequest read straight into
// spans in the stored form (lib/traces/span-record.ts StoredSpan), attributes written as JSON text
// with dictionary ids as they are read. It gives what decodeProtobuf + storedBatchOf give (checked
// span by span in wire.test.ts, fuzzed bodies included) without building a message tree, an
// attribute object per span and a KeyValue/AnyValue pair per attribute first: that garbage was
// most of the receiver's CPU. Rare shapes (arrays, maps, bytes, events, links, resources) go
// through the generic reader in wire.ts and the normaliser's own functions.

import { AttributeNamer } from "@/lib/traces/attribute-keys";
import type { StoredBatch, StoredSpan } from "@/lib/traces/span-record";
import { anyValue, type Decoded, eventOf, invalidSpan, linkOf, PROMOTED_KEYS, promotedColumns, Rejections, resourceInfoOf, UndecodableError } from "./decode";
import { EVENT, type Event, LINK, type Link, readAnyValue, RESOURCE, SCOPE, WireError } from "./wire";
import { FIXED32, FIXED64, LEN, Reader, readMessage, VARINT } from "./wire-reader";

export interface StoredDecoded extends StoredBatch, Pick<Decoded, "rejected" | "reasons"> {}

function expectWire(tag: number, wireType: number, name: string): void {
  if ((tag & 7) !== wireType) throw new WireError(`field ${name} has wire type ${tag & 7}, expected ${wireType}`);
}

/** A sub-message read with a table from wire.ts, on a reader of its own. */
function generic<T>(r: Reader, into: T, fields: Parameters<typeof readMessage<T>>[2]): T {
  const [start, end] = r.span();
  return readMessage(new Reader(r.buf, start, end), into, fields);
}

/** An AnyValue as the normaliser's anyValue() gives it. */
function readValue(r: Reader): unknown {
  const valueStart = r.pos;
  const outer = r.enter();
  let value: unknown = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, LEN, "AnyValue.string_value");
        value = r.string();
        break;
      case 2:
        expectWire(tag, VARINT, "AnyValue.bool_value");
        value = r.varint() !== 0;
        break;
      case 3: {
        expectWire(tag, VARINT, "AnyValue.int_value");
        if (r.shortVarint()) value = r.varint();
        else {
          const signed = BigInt.asIntN(64, r.varint64());
          value = signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed.toString();
        }
        break;
      }
      case 4:
        expectWire(tag, FIXED64, "AnyValue.double_value");
        value = r.double();
        break;
      case 5:
      case 6:
      case 7: {
        // Arrays, maps and bytes: the whole AnyValue again, the generic way.
        r.leave(outer);
        const whole = new Reader(r.buf, valueStart, r.pos);
        return anyValue(readAnyValue(whole.sub(), 0) as never);
      }
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  return value;
}

interface SpanState {
  namer: AttributeNamer;
  rejections: Rejections;
}

/** One Span, appended to `out` unless it is rejected. */
function readSpan(r: Reader, state: SpanState, rs: number, ss: number, index: number, out: StoredSpan[]): void {
  const outer = r.enter();
  let traceId: string | null = null;
  let spanId: string | null = null;
  let parentHex: string | null = null;
  let traceState = "";
  let name = "";
  let kind = 0;
  let flags = 0;
  let startNs = 0n;
  let endNs = 0n;
  let statusCode = 0;
  let statusMessage = "";
  let attributes = "";
  let promoted: Map<string, unknown> | null = null;
  let events: Event[] | null = null;
  let links: Link[] | null = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, LEN, "Span.trace_id");
        traceId = r.hex();
        break;
      case 2:
        expectWire(tag, LEN, "Span.span_id");
        spanId = r.hex();
        break;
      case 3:
        expectWire(tag, LEN, "Span.trace_state");
        traceState = r.string();
        break;
      case 4:
        expectWire(tag, LEN, "Span.parent_span_id");
        parentHex = r.hex();
        break;
      case 5:
        expectWire(tag, LEN, "Span.name");
        name = r.string();
        break;
      case 6:
        expectWire(tag, VARINT, "Span.kind");
        kind = r.varint();
        break;
      case 7:
        expectWire(tag, FIXED64, "Span.start_time_unix_nano");
        startNs = r.fixed64();
        break;
      case 8:
        expectWire(tag, FIXED64, "Span.end_time_unix_nano");
        endNs = r.fixed64();
        break;
      case 9: {
        expectWire(tag, LEN, "Span.attributes");
        const kvOuter = r.enter();
        let key = "";
        let value: unknown = null;
        while (r.pos < r.end) {
          const kvTag = r.varint();
          if (kvTag >>> 3 === 1) {
            expectWire(kvTag, LEN, "KeyValue.key");
            key = r.string();
          } else if (kvTag >>> 3 === 2) {
            expectWire(kvTag, LEN, "KeyValue.value");
            value = readValue(r);
          } else r.skip(kvTag & 7);
        }
        r.leave(kvOuter);
        if (key === "") break;
        if (PROMOTED_KEYS.has(key)) (promoted ??= new Map()).set(key, value);
        else attributes += `${attributes ? "," : "{"}${state.namer.name(key)}:${JSON.stringify(value) ?? "null"}`;
        break;
      }
      case 11:
        expectWire(tag, LEN, "Span.events");
        (events ??= []).push(generic(r, { timeUnixNano: 0n, name: "", attributes: [] }, EVENT));
        break;
      case 13:
        expectWire(tag, LEN, "Span.links");
        (links ??= []).push(generic(r, { traceState: "", attributes: [] }, LINK));
        break;
      case 15: {
        expectWire(tag, LEN, "Span.status");
        const statusOuter = r.enter();
        statusCode = 0;
        statusMessage = "";
        while (r.pos < r.end) {
          const statusTag = r.varint();
          if (statusTag >>> 3 === 2) {
            expectWire(statusTag, LEN, "Status.message");
            statusMessage = r.string();
          } else if (statusTag >>> 3 === 3) {
            expectWire(statusTag, VARINT, "Status.code");
            statusCode = r.varint();
          } else r.skip(statusTag & 7);
        }
        r.leave(statusOuter);
        break;
      }
      case 16:
        expectWire(tag, FIXED32, "Span.flags");
        flags = r.fixed32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  const invalid = invalidSpan(traceId, spanId, parentHex, startNs, endNs, kind, statusCode);
  if (invalid) {
    state.namer.drop();
    return state.rejections.reject(rs, ss, index, invalid);
  }
  state.namer.keep();
  // Resource-dependent fields (service, environment, resource, a feature on the resource) and
  // the scope are filled in once their messages have been read; they may come after the spans.
  out.push({
    traceId: traceId as string,
    spanId: spanId as string,
    parentSpanId: parentHex ? parentHex : null,
    traceState: traceState ? traceState : null,
    flags: flags >>> 0,
    service: "",
    name,
    kind,
    startNs,
    endNs,
    statusCode,
    statusMessage: statusMessage ? statusMessage : null,
    ...promotedColumns(promoted, null),
    environment: null,
    resource: {},
    scopeName: null,
    scopeVersion: null,
    attributesJson: attributes ? `${attributes}}` : "{}",
    eventsJson: events ? JSON.stringify(events.map(eventOf)) : null,
    linksJson: links ? JSON.stringify(links.map((link) => linkOf(link, "protobuf"))) : null,
  });
}

function readScopeSpans(r: Reader, state: SpanState, rs: number, ss: number, out: StoredSpan[]): void {
  const outer = r.enter();
  let scope: { name: string; version: string } | null = null;
  const first = out.length;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 1) {
      expectWire(tag, LEN, "ScopeSpans.scope");
      scope = generic(r, { name: "", version: "" }, SCOPE);
    } else if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ScopeSpans.spans");
      readSpan(r, state, rs, ss, index++, out);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  for (let i = first; i < out.length; i++) {
    out[i].scopeName = scope?.name ? scope.name : null;
    out[i].scopeVersion = scope?.version ? scope.version : null;
  }
}

function readResourceSpans(r: Reader, state: SpanState, rs: number, out: StoredSpan[]): void {
  const outer = r.enter();
  let resource: { attributes: unknown[] } | null = null;
  const first = out.length;
  let ss = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 1) {
      expectWire(tag, LEN, "ResourceSpans.resource");
      resource = generic(r, { attributes: [] }, RESOURCE);
    } else if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ResourceSpans.scope_spans");
      readScopeSpans(r, state, rs, ss++, out);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  // The wire reader's KeyValue is the shape the normaliser reads.
  const origin = resourceInfoOf(resource?.attributes as Parameters<typeof resourceInfoOf>[0]);
  for (let i = first; i < out.length; i++) {
    const span = out[i];
    span.service = origin.service;
    span.environment = origin.environment;
    span.resource = origin.resource;
    span.feature ??= origin.feature;
  }
}

/**
 * A protobuf ExportTraceServiceRequest as stored spans. Throws UndecodableError for a body that
 * is not one; invalid spans are counted and named, the rest kept (OTLP partial success).
 */
export function decodeProtobufStored(body: Uint8Array): StoredDecoded {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const state: SpanState = { namer: new AttributeNamer(), rejections: new Rejections() };
  const spans: StoredSpan[] = [];
  try {
    const r = new Reader(buf, 0, buf.length);
    let rs = 0;
    while (r.pos < r.end) {
      const tag = r.varint();
      if (tag >>> 3 === 1) {
        expectWire(tag, LEN, "ExportTraceServiceRequest.resource_spans");
        readResourceSpans(r, state, rs++, spans);
      } else r.skip(tag & 7);
    }
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    throw new UndecodableError(`body is not an OTLP ExportTraceServiceRequest: ${err.message}`);
  }
  return { spans, newKeys: state.namer.newKeys, rejected: state.rejections.count, reasons: state.rejections.reasons };
}
