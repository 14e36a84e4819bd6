// The receiver's hot path: an OTLP protobuf ExportTraceServiceRequest written straight into
// PostgreSQL COPY rows (lib/traces/ingest-spans.ts COLUMNS), byte to byte. Plain ASCII names and
// values are copied from the request into the rows; attribute keys are looked up by their bytes;
// nothing is built per attribute. It stores what decodeProtobuf + storedBatchOf + copyBatchOf
// store (checked row by row in wire.test.ts, fuzzed bodies included), at a fraction of the CPU:
// building those objects and strings was most of the receiver's work. Rare shapes (arrays, maps,
// bytes, events, links, resources, non-ASCII text) go through the generic reader and the
// normaliser's own functions.

import { AttributeNamer } from "@/lib/traces/attribute-keys";
import { type CopyBatch, field, fingerprint, isoMicros, jsonbSafe, type SpanOrigin, utcDayOf } from "@/lib/traces/ingest-spans";
import { AttributeWriter } from "./copy-attributes";
import { CopyWriter, NEWLINE, TAB } from "./copy-writer";
import { type SpanRows, spanRows } from "./span-rows";
import { lastField, originOf } from "./wire-origin";
import { type Decoded, eventOf, invalidSpan, linkOf, promotedColumns, Rejections, resourceInfoOf, UndecodableError } from "./decode";
import { EVENT, type Event, LINK, type Link, SCOPE, WireError } from "./wire";
import { expectWire, FIXED32, FIXED64, LEN, Reader, readSubMessage, VARINT } from "./wire-reader";

export interface CopyDecoded extends CopyBatch, Pick<Decoded, "rejected" | "reasons"> {
  /** Spans left out for starting outside [oldestNs, newestNs]. */
  tooOld: number;
  tooNew: number;
}

export interface TimeWindow {
  oldestNs: bigint;
  newestNs: bigint;
}

interface Decoding {
  out: CopyWriter;
  attributes: AttributeWriter;
  rejections: Rejections;
  window: TimeWindow;
  tooOld: number;
  tooNew: number;
  count: number;
  days: Set<string>;
  lastDay: bigint;
  origins: Map<bigint, SpanOrigin>;
  // Where the attributes of the span being read start, reused from span to span.
  attributeStarts: number[];
  /** The WebAssembly writer, when loaded: it takes the spans of the common shape. */
  fast: SpanRows | null;
}

const NS_PER_DAY = 86_400_000_000_000n;

const NULL_FIELD = "\\N";

/** One Span: a COPY row, unless it is rejected or outside the time window. */
function readSpan(r: Reader, d: Decoding, origin: OriginBytes, rs: number, ss: number, index: number): void {
  const outer = r.enter();
  const buf = r.buf;
  let traceId: string | null = null;
  let spanId: string | null = null;
  let parentHex: string | null = null;
  let traceStateAt = 0;
  let traceStateEnd = 0;
  let nameAt = 0;
  let nameEnd = 0;
  let kind = 0;
  let flags = 0;
  let startNs = 0n;
  let endNs = 0n;
  let statusCode = 0;
  let statusAt = 0;
  let statusEnd = 0;
  const attributes = d.attributeStarts;
  attributes.length = 0;
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
        traceStateAt = r.skipDelimited();
        traceStateEnd = r.pos;
        break;
      case 4:
        expectWire(tag, LEN, "Span.parent_span_id");
        parentHex = r.hex();
        break;
      case 5:
        expectWire(tag, LEN, "Span.name");
        nameAt = r.skipDelimited();
        nameEnd = r.pos;
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
      case 9:
        expectWire(tag, LEN, "Span.attributes");
        attributes.push(r.pos);
        r.skipDelimited();
        break;
      case 11:
        expectWire(tag, LEN, "Span.events");
        (events ??= []).push(readSubMessage(r, { timeUnixNano: 0n, name: "", attributes: [] }, EVENT));
        break;
      case 13:
        expectWire(tag, LEN, "Span.links");
        (links ??= []).push(readSubMessage(r, { traceState: "", attributes: [] }, LINK));
        break;
      case 15: {
        expectWire(tag, LEN, "Span.status");
        const statusOuter = r.enter();
        statusCode = 0;
        statusAt = statusEnd = 0;
        while (r.pos < r.end) {
          const statusTag = r.varint();
          if (statusTag >>> 3 === 2) {
            expectWire(statusTag, LEN, "Status.message");
            statusAt = r.skipDelimited();
            statusEnd = r.pos;
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
  const after = r.pos;

  const out = d.out;
  const rowStart = out.length;
  const invalid = invalidSpan(traceId, spanId, parentHex, startNs, endNs, kind, statusCode);
  const outside = invalid === null && (startNs < d.window.oldestNs || startNs > d.window.newestNs);
  if (invalid === null && !outside) {
    out.ascii(`${isoMicros(startNs)}\t\\\\x${traceId}\t\\\\x${spanId}\t${parentHex ? `\\\\x${parentHex}` : NULL_FIELD}\t`);
    out.field(buf, nameAt, nameEnd);
    out.ascii(`\t${kind}\t${endNs - startNs}\t${statusCode}\t`);
    if (statusEnd > statusAt) out.field(buf, statusAt, statusEnd);
    else out.text(NULL_FIELD);
    out.byte(TAB);
    if (traceStateEnd > traceStateAt) out.field(buf, traceStateAt, traceStateEnd);
    else out.text(NULL_FIELD);
    out.ascii(`\t${flags | 0}\t`);
    out.copy(origin.columns, 0, origin.columns.length);
  }
  // Attributes are read even for a span that is left out: a malformed one makes the body undecodable.
  d.attributes.writeAll(r, attributes);
  r.pos = after;
  if (invalid !== null || outside) {
    out.length = rowStart;
    d.attributes.namer.drop();
    if (invalid !== null) d.rejections.reject(rs, ss, index, invalid);
    else if (startNs < d.window.oldestNs) d.tooOld += 1;
    else d.tooNew += 1;
    return;
  }
  d.attributes.namer.keep();
  const columns = promotedColumns(d.attributes.promoted, null);
  out.text(
    `\t${field(columns.httpRoute)}\t${columns.httpStatusCode ?? NULL_FIELD}\t${field(columns.dbSystem)}\t${field(columns.peerService)}\t` +
      `${field(columns.feature ?? origin.feature)}\t` +
      `${events ? field(jsonbSafe(JSON.stringify(events.map(eventOf)))) : NULL_FIELD}\t` +
      `${links ? field(jsonbSafe(JSON.stringify(links.map((link) => linkOf(link, "protobuf"))))) : NULL_FIELD}`,
  );
  out.byte(NEWLINE);
  d.count += 1;
  const day = startNs / NS_PER_DAY;
  if (day !== d.lastDay) {
    d.lastDay = day;
    d.days.add(utcDayOf(startNs));
  }
}

/** The columns every span of a ScopeSpans shares, ready to copy: service, environment, resource_fp. */
interface OriginBytes {
  columns: Buffer;
  feature: string | null;
}

function readScopeSpans(r: Reader, d: Decoding, origin: ReturnType<typeof resourceInfoOf>, rs: number, ss: number): void {
  const outer = r.enter();
  const scope = lastField(r, 1, "ScopeSpans.scope", (inner) => readSubMessage(inner, { name: "", version: "" }, SCOPE));
  const scopeName = scope?.name ? scope.name : null;
  const scopeVersion = scope?.version ? scope.version : null;
  const fp = fingerprint(origin.resource, scopeName, scopeVersion);
  const countBefore = d.count;
  const shared: OriginBytes = { columns: Buffer.from(`${field(origin.service)}\t${field(origin.environment)}\t${fp}\t`), feature: origin.feature };
  const fast = d.fast !== null && d.fast.origin(shared.columns, Buffer.from(field(origin.feature))) ? d.fast : null;
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ScopeSpans.spans");
      if (fast !== null) {
        const at = r.pos;
        const end = r.varint() + r.pos;
        if (end <= r.end && fast.span(r.pos, end, d.out)) {
          r.pos = end;
          d.count += 1;
          index += 1;
          continue;
        }
        // Handed back: its row comes after the rows written so far.
        fast.flush(d.out);
        r.pos = at;
      }
      readSpan(r, d, shared, rs, ss, index++);
      fast?.syncKeys(d.attributes.keys);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  if (d.count > countBefore && !d.origins.has(fp)) d.origins.set(fp, { service: origin.service, resource: origin.resource, scopeName, scopeVersion });
}

function readResourceSpans(r: Reader, d: Decoding, rs: number): void {
  const outer = r.enter();
  const origin = originOf(r);
  let ss = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ResourceSpans.scope_spans");
      readScopeSpans(r, d, origin, rs, ss++);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
}

/**
 * A protobuf ExportTraceServiceRequest as COPY rows. Throws UndecodableError for a body that is
 * not one; invalid spans are counted and named, spans outside `window` counted, the rest kept.
 */
export function decodeProtobufCopy(body: Uint8Array, window: TimeWindow): CopyDecoded {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const namer = new AttributeNamer();
  const fast = spanRows();
  // With WebAssembly the rows arrive in one piece at the end: no buffer for the worst case.
  const out = new CopyWriter(fast ? 4096 : buf.length * 2);
  const d: Decoding = {
    out,
    attributes: new AttributeWriter(out, namer),
    rejections: new Rejections(),
    window,
    tooOld: 0,
    tooNew: 0,
    count: 0,
    days: new Set(),
    lastDay: -1n,
    origins: new Map(),
    attributeStarts: [],
    fast,
  };
  d.fast?.begin(buf, window.oldestNs, window.newestNs, d.attributes.keys);
  try {
    const r = new Reader(buf, 0, buf.length);
    let rs = 0;
    while (r.pos < r.end) {
      const tag = r.varint();
      if (tag >>> 3 === 1) {
        expectWire(tag, LEN, "ExportTraceServiceRequest.resource_spans");
        readResourceSpans(r, d, rs++);
      } else r.skip(tag & 7);
    }
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    throw new UndecodableError(`body is not an OTLP ExportTraceServiceRequest: ${err.message}`);
  }
  if (d.fast !== null) {
    d.fast.flush(out);
    for (const day of d.fast.days()) d.days.add(utcDayOf(BigInt(day) * NS_PER_DAY));
  }
  return {
    text: d.out.buf.subarray(0, d.out.length),
    count: d.count,
    days: d.days,
    origins: d.origins,
    newKeys: namer.newKeys,
    rejected: d.rejections.count,
    reasons: d.rejections.reasons,
    tooOld: d.tooOld,
    tooNew: d.tooNew,
  };
}
