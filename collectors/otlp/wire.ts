// The OTLP trace messages read straight from the protobuf wire (field numbers from trace.proto).
// protobufjs spent as long building its message objects as Vigil spends storing the spans; this
// builds only what the normaliser reads, and skips unknown fields as the protobuf rules require.
// Fuzzed in wire.test.ts and checked against protobufjs on the same input.

import { Reader, WireError } from "./wire-reader";

export { WireError };

function expect(wireType: number, wanted: number, field: string): void {
  if (wireType !== wanted) throw new WireError(`field ${field} has wire type ${wireType}, expected ${wanted}`);
}

const MAX_DEPTH = 16;

type AnyValue = { value: string; [member: string]: unknown };
type KeyValue = { key: string; value: AnyValue | null };

function readAnyValue(r: Reader, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new WireError("values nested too deeply");
  let out: AnyValue = { value: "" };
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1:
        expect(wire, 2, "AnyValue.string_value");
        out = { value: "stringValue", stringValue: r.string() };
        break;
      case 2:
        expect(wire, 0, "AnyValue.bool_value");
        out = { value: "boolValue", boolValue: r.varint() !== 0 };
        break;
      case 3:
        expect(wire, 0, "AnyValue.int_value");
        out = { value: "intValue", intValue: r.varint64() };
        break;
      case 4:
        expect(wire, 1, "AnyValue.double_value");
        out = { value: "doubleValue", doubleValue: r.double() };
        break;
      case 5: {
        expect(wire, 2, "AnyValue.array_value");
        const inner = r.sub();
        const values: AnyValue[] = [];
        while (inner.pos < inner.end) {
          const t = inner.varint();
          if (t >>> 3 === 1 && (t & 7) === 2) values.push(readAnyValue(inner.sub(), depth + 1));
          else inner.skip(t & 7);
        }
        out = { value: "arrayValue", arrayValue: { values } };
        break;
      }
      case 6: {
        expect(wire, 2, "AnyValue.kvlist_value");
        const inner = r.sub();
        const values: KeyValue[] = [];
        while (inner.pos < inner.end) {
          const t = inner.varint();
          if (t >>> 3 === 1 && (t & 7) === 2) values.push(readKeyValue(inner.sub(), depth + 1));
          else inner.skip(t & 7);
        }
        out = { value: "kvlistValue", kvlistValue: { values } };
        break;
      }
      case 7:
        expect(wire, 2, "AnyValue.bytes_value");
        out = { value: "bytesValue", bytesValue: r.base64() };
        break;
      default:
        r.skip(wire);
    }
  }
  return out;
}

function readKeyValue(r: Reader, depth = 0): KeyValue {
  let key = "";
  let value: AnyValue | null = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) {
      expect(wire, 2, "KeyValue.key");
      key = r.string();
    } else if (field === 2) {
      expect(wire, 2, "KeyValue.value");
      value = readAnyValue(r.sub(), depth);
    } else r.skip(wire);
  }
  return { key, value };
}

function readAttributesInto(r: Reader, list: KeyValue[]): void {
  list.push(readKeyValue(r.sub()));
}

function readEvent(r: Reader) {
  const event: { timeUnixNano: bigint; name: string; attributes: KeyValue[] } = { timeUnixNano: 0n, name: "", attributes: [] };
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(wire, 1, "Event.time_unix_nano");
        event.timeUnixNano = r.fixed64();
        break;
      case 2:
        expect(wire, 2, "Event.name");
        event.name = r.string();
        break;
      case 3:
        expect(wire, 2, "Event.attributes");
        readAttributesInto(r, event.attributes);
        break;
      default:
        r.skip(wire);
    }
  }
  return event;
}

function readLink(r: Reader) {
  const link: { traceId?: string; spanId?: string; traceState: string; attributes: KeyValue[] } = { traceState: "", attributes: [] };
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(wire, 2, "Link.trace_id");
        link.traceId = r.hex();
        break;
      case 2:
        expect(wire, 2, "Link.span_id");
        link.spanId = r.hex();
        break;
      case 3:
        expect(wire, 2, "Link.trace_state");
        link.traceState = r.string();
        break;
      case 4:
        expect(wire, 2, "Link.attributes");
        readAttributesInto(r, link.attributes);
        break;
      default:
        r.skip(wire);
    }
  }
  return link;
}

function readSpan(r: Reader) {
  const span: Record<string, unknown> & { attributes: KeyValue[]; events: unknown[]; links: unknown[] } = {
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
  };
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(wire, 2, "Span.trace_id");
        span.traceId = r.hex();
        break;
      case 2:
        expect(wire, 2, "Span.span_id");
        span.spanId = r.hex();
        break;
      case 3:
        expect(wire, 2, "Span.trace_state");
        span.traceState = r.string();
        break;
      case 4:
        expect(wire, 2, "Span.parent_span_id");
        span.parentSpanId = r.hex();
        break;
      case 5:
        expect(wire, 2, "Span.name");
        span.name = r.string();
        break;
      case 6:
        expect(wire, 0, "Span.kind");
        span.kind = r.varint();
        break;
      case 7:
        expect(wire, 1, "Span.start_time_unix_nano");
        span.startTimeUnixNano = r.fixed64();
        break;
      case 8:
        expect(wire, 1, "Span.end_time_unix_nano");
        span.endTimeUnixNano = r.fixed64();
        break;
      case 9:
        expect(wire, 2, "Span.attributes");
        readAttributesInto(r, span.attributes);
        break;
      case 11:
        expect(wire, 2, "Span.events");
        span.events.push(readEvent(r.sub()));
        break;
      case 13:
        expect(wire, 2, "Span.links");
        span.links.push(readLink(r.sub()));
        break;
      case 15: {
        expect(wire, 2, "Span.status");
        const s = r.sub();
        const status = { message: "", code: 0 };
        while (s.pos < s.end) {
          const t = s.varint();
          if (t >>> 3 === 2 && (t & 7) === 2) status.message = s.string();
          else if (t >>> 3 === 3 && (t & 7) === 0) status.code = s.varint();
          else s.skip(t & 7);
        }
        span.status = status;
        break;
      }
      case 16:
        expect(wire, 5, "Span.flags");
        span.flags = r.fixed32();
        break;
      default:
        r.skip(wire);
    }
  }
  return span;
}

function readScopeSpans(r: Reader) {
  const out: { scope: { name: string; version: string } | null; spans: ReturnType<typeof readSpan>[] } = { scope: null, spans: [] };
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        expect(wire, 2, "ScopeSpans.scope");
        const s = r.sub();
        const scope = { name: "", version: "" };
        while (s.pos < s.end) {
          const t = s.varint();
          if (t >>> 3 === 1 && (t & 7) === 2) scope.name = s.string();
          else if (t >>> 3 === 2 && (t & 7) === 2) scope.version = s.string();
          else s.skip(t & 7);
        }
        out.scope = scope;
        break;
      }
      case 2:
        expect(wire, 2, "ScopeSpans.spans");
        out.spans.push(readSpan(r.sub()));
        break;
      default:
        r.skip(wire);
    }
  }
  return out;
}

function readResourceSpans(r: Reader) {
  const out: { resource: { attributes: KeyValue[] } | null; scopeSpans: ReturnType<typeof readScopeSpans>[] } = { resource: null, scopeSpans: [] };
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        expect(wire, 2, "ResourceSpans.resource");
        const s = r.sub();
        const attributes: KeyValue[] = [];
        while (s.pos < s.end) {
          const t = s.varint();
          if (t >>> 3 === 1 && (t & 7) === 2) readAttributesInto(s, attributes);
          else s.skip(t & 7);
        }
        out.resource = { attributes };
        break;
      }
      case 2:
        expect(wire, 2, "ResourceSpans.scope_spans");
        out.scopeSpans.push(readScopeSpans(r.sub()));
        break;
      default:
        r.skip(wire);
    }
  }
  return out;
}

/**
 * An ExportTraceServiceRequest in the shape the normaliser reads: ids as lowercase hex, other
 * bytes as base64, 64-bit integers as bigint.
 */
export function readTraceRequest(body: Uint8Array) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const r = new Reader(buf, 0, buf.length);
  const resourceSpans: ReturnType<typeof readResourceSpans>[] = [];
  while (r.pos < r.end) {
    const tag = r.varint();
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      expect(wire, 2, "ExportTraceServiceRequest.resource_spans");
      resourceSpans.push(readResourceSpans(r.sub()));
    } else r.skip(wire);
  }
  return { resourceSpans };
}
