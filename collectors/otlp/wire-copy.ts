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
import { anyValue, type Decoded, eventOf, invalidSpan, linkOf, PROMOTED_KEYS, promotedColumns, Rejections, resourceInfoOf, UndecodableError } from "./decode";
import { EVENT, type Event, type KeyValue, LINK, type Link, readAnyValue, RESOURCE, SCOPE, WireError } from "./wire";
import { FIXED32, FIXED64, LEN, Reader, readMessage, VARINT } from "./wire-reader";

export interface CopyDecoded extends CopyBatch, Pick<Decoded, "rejected" | "reasons"> {
  /** Spans left out for starting outside [oldestNs, newestNs]. */
  tooOld: number;
  tooNew: number;
}

export interface TimeWindow {
  oldestNs: bigint;
  newestNs: bigint;
}

const TAB = 9;
const NEWLINE = 10;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A growing output buffer of COPY text. */
class CopyWriter {
  buf: Buffer;
  length = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 4096));
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.buf[this.length++] = value;
  }

  /** ASCII text already in COPY form (times, numbers, hex): no UTF-8 encoder call. */
  ascii(value: string): void {
    this.room(value.length);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < value.length; i++) buf[at++] = value.charCodeAt(i);
    this.length = at;
  }

  /** Text already in COPY form. */
  text(value: string): void {
    this.room(value.length * 3);
    this.length += this.buf.write(value, this.length, "utf8");
  }

  copy(source: Buffer, start: number, end: number): void {
    this.room(end - start);
    if (end - start > 48) {
      this.length += source.copy(this.buf, this.length, start, end);
      return;
    }
    // Short runs: a loop beats the native call.
    const buf = this.buf;
    let at = this.length;
    for (let i = start; i < end; i++) buf[at++] = source[i];
    this.length = at;
  }

  /** Request bytes as a COPY text field, copied when they are printable ASCII without backslashes. */
  field(source: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const b = source[i];
      if (b < 0x20 || b > 0x7e || b === BACKSLASH) return this.text(field(source.toString("utf8", start, end)));
    }
    this.copy(source, start, end);
  }

  /** Request bytes as a JSON string inside a COPY field. */
  jsonString(source: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const b = source[i];
      if (b < 0x20 || b > 0x7e || b === BACKSLASH || b === QUOTE) return this.text(field(jsonbSafe(JSON.stringify(source.toString("utf8", start, end)))));
    }
    this.byte(QUOTE);
    this.copy(source, start, end);
    this.byte(QUOTE);
  }
}

/** A key's stored name, `"17":` as bytes, found by the key's bytes without decoding them. */
interface KeyEntry {
  bytes: Buffer;
  key: string;
  /** Null for promoted keys, which become columns. */
  name: Buffer | null;
}

const MAX_CACHED_KEYS = 20_000;

// One cache per attribute dictionary (the dictionary's ids are per database).
const keyCaches = new WeakMap<object, Map<number, KeyEntry[]>>();

function hashOf(source: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ source[i], 0x01000193);
  return hash >>> 0;
}

function sameBytes(a: Buffer, source: Buffer, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== source[start + i]) return false;
  return true;
}

function expectWire(tag: number, wireType: number, name: string): void {
  if ((tag & 7) !== wireType) throw new WireError(`field ${name} has wire type ${tag & 7}, expected ${wireType}`);
}

/** A sub-message read with a table from wire.ts, on a reader of its own. */
function generic<T>(r: Reader, into: T, fields: Parameters<typeof readMessage<T>>[2]): T {
  const [start, end] = r.span();
  return readMessage(new Reader(r.buf, start, end), into, fields);
}

interface Decoding {
  out: CopyWriter;
  namer: AttributeNamer;
  keys: Map<number, KeyEntry[]>;
  cachedKeys: number;
  rejections: Rejections;
  window: TimeWindow;
  tooOld: number;
  tooNew: number;
  count: number;
  days: Set<string>;
  lastDay: bigint;
  origins: Map<bigint, SpanOrigin>;
  // Byte ranges of the attributes of the span being read, reused from span to span.
  attributeStarts: number[];
  /** Promoted attribute values of the span being written. */
  promoted: Map<string, unknown> | null;
}

const NS_PER_DAY = 86_400_000_000_000n;

/** A value read in full but not stored: a malformed one must still make the body undecodable. */
function valueAt(r: Reader, d: Decoding, at: number): unknown {
  if (at < 0) return null;
  const after = r.pos;
  r.pos = at;
  const value = readValue(r, d, true);
  r.pos = after;
  return value;
}

/**
 * Writes one attribute (a KeyValue at r.pos) into the attributes JSON, or into d.promoted for a
 * key that becomes a column. Returns whether it wrote something.
 */
function writeAttribute(r: Reader, d: Decoding, wroteBefore: boolean): boolean {
  const outer = r.enter();
  let keyStart = -1;
  let keyEnd = -1;
  let value = -1;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 1) {
      expectWire(tag, LEN, "KeyValue.key");
      keyStart = r.skipDelimited();
      keyEnd = r.pos;
    } else if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "KeyValue.value");
      value = r.pos;
      r.skipDelimited();
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  if (keyEnd <= keyStart) {
    valueAt(r, d, value);
    return false;
  }
  const entry = keyEntry(r.buf, keyStart, keyEnd, d);
  if (entry.name === null) {
    (d.promoted ??= new Map()).set(entry.key, valueAt(r, d, value));
    return false;
  }
  const out = d.out;
  out.byte(wroteBefore ? 0x2c : 0x7b); // "," or "{"
  if (entry.name.length > 0) out.copy(entry.name, 0, entry.name.length);
  else out.text(`${field(jsonbSafe(d.namer.name(entry.key)))}:`);
  if (value < 0) out.text("null");
  else {
    const after = r.pos;
    r.pos = value;
    readValue(r, d, false);
    r.pos = after;
  }
  return true;
}

function keyEntry(buf: Buffer, start: number, end: number, d: Decoding): KeyEntry {
  const hash = hashOf(buf, start, end);
  const bucket = d.keys.get(hash);
  if (bucket) for (const entry of bucket) if (sameBytes(entry.bytes, buf, start, end)) return entry;
  const key = buf.toString("utf8", start, end);
  let name: Buffer | null = null;
  if (!PROMOTED_KEYS.has(key)) {
    const stored = d.namer.name(key);
    // Keys kept literally are not cached: they may get an id soon. An empty name marks them.
    if (!stored.startsWith('"~')) name = Buffer.from(`${stored}:`);
    else return { bytes: Buffer.alloc(0), key, name: Buffer.alloc(0) };
  }
  const entry = { bytes: Buffer.from(buf.subarray(start, end)), key, name };
  if (d.cachedKeys < MAX_CACHED_KEYS) {
    d.cachedKeys += 1;
    if (bucket) bucket.push(entry);
    else d.keys.set(hash, [entry]);
  }
  return entry;
}

/**
 * An AnyValue (the length-delimited field at r.pos): written as JSON, or returned as the value
 * the normaliser's anyValue() gives when `asValue`.
 */
function readValue(r: Reader, d: Decoding, asValue: boolean): unknown {
  const valueStart = r.pos;
  const outer = r.enter();
  // The last member present wins (a oneof); remember which, and where.
  let member = 0;
  let at = 0;
  let end = 0;
  let number = 0;
  let big: bigint | null = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, LEN, "AnyValue.string_value");
        at = r.skipDelimited();
        end = r.pos;
        member = 1;
        break;
      case 2:
        expectWire(tag, VARINT, "AnyValue.bool_value");
        number = r.varint() !== 0 ? 1 : 0;
        member = 2;
        break;
      case 3:
        expectWire(tag, VARINT, "AnyValue.int_value");
        if (r.shortVarint()) {
          number = r.varint();
          big = null;
        } else big = BigInt.asIntN(64, r.varint64());
        member = 3;
        break;
      case 4:
        expectWire(tag, FIXED64, "AnyValue.double_value");
        number = r.double();
        member = 4;
        break;
      case 5:
      case 6:
      case 7:
        // Arrays, maps and bytes, and whatever follows them: the whole AnyValue, the generic way.
        r.pos = r.end;
        member = -1;
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(outer);
  let value: unknown;
  switch (member) {
    case 1:
      if (!asValue) return d.out.jsonString(r.buf, at, end);
      value = r.buf.toString("utf8", at, end);
      break;
    case 2:
      value = number === 1;
      break;
    case 3:
      if (big === null) value = number;
      else value = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
      break;
    case 4:
      value = number;
      break;
    case -1:
      value = anyValue(readAnyValue(new Reader(r.buf, valueStart, r.pos).sub(), 0) as never);
      break;
    default:
      value = null;
  }
  if (asValue) return value;
  d.out.text(field(jsonbSafe(JSON.stringify(value) ?? "null")));
  return undefined;
}

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
  d.promoted = null;
  let wrote = false;
  for (let i = 0; i < attributes.length; i++) {
    r.pos = attributes[i];
    if (writeAttribute(r, d, wrote)) wrote = true;
  }
  r.pos = after;
  if (invalid !== null || outside) {
    out.length = rowStart;
    d.namer.drop();
    if (invalid !== null) d.rejections.reject(rs, ss, index, invalid);
    else if (startNs < d.window.oldestNs) d.tooOld += 1;
    else d.tooNew += 1;
    return;
  }
  d.namer.keep();
  out.text(wrote ? "}\t" : "{}\t");
  const columns = promotedColumns(d.promoted, null);
  out.text(
    `${field(columns.httpRoute)}\t${columns.httpStatusCode ?? NULL_FIELD}\t${field(columns.dbSystem)}\t${field(columns.peerService)}\t` +
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

/** The last occurrence of a sub-message field, read before the spans that depend on it. */
function lastField<T>(r: Reader, fieldNumber: number, name: string, read: (r: Reader) => T): T | null {
  const start = r.pos;
  let found: T | null = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === fieldNumber) {
      expectWire(tag, LEN, name);
      found = read(r);
    } else r.skip(tag & 7);
  }
  r.pos = start;
  return found;
}

function readScopeSpans(r: Reader, d: Decoding, origin: ReturnType<typeof resourceInfoOf>, rs: number, ss: number): void {
  const outer = r.enter();
  const scope = lastField(r, 1, "ScopeSpans.scope", (inner) => generic(inner, { name: "", version: "" }, SCOPE));
  const scopeName = scope?.name ? scope.name : null;
  const scopeVersion = scope?.version ? scope.version : null;
  const fp = fingerprint(origin.resource, scopeName, scopeVersion);
  const countBefore = d.count;
  const shared: OriginBytes = { columns: Buffer.from(`${field(origin.service)}\t${field(origin.environment)}\t${fp}\t`), feature: origin.feature };
  let index = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "ScopeSpans.spans");
      readSpan(r, d, shared, rs, ss, index++);
    } else r.skip(tag & 7);
  }
  r.leave(outer);
  if (d.count > countBefore && !d.origins.has(fp)) d.origins.set(fp, { service: origin.service, resource: origin.resource, scopeName, scopeVersion });
}

function readResourceSpans(r: Reader, d: Decoding, rs: number): void {
  const outer = r.enter();
  const resource = lastField(r, 1, "ResourceSpans.resource", (inner) => generic(inner, { attributes: [] as KeyValue[] }, RESOURCE));
  // The wire reader's KeyValue is the shape the normaliser reads.
  const origin = resourceInfoOf(resource?.attributes as Parameters<typeof resourceInfoOf>[0]);
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
  let keys = keyCaches.get(namer.dictionaryKey);
  if (!keys) {
    keys = new Map();
    keyCaches.set(namer.dictionaryKey, keys);
  }
  const d: Decoding = {
    out: new CopyWriter(buf.length * 2),
    namer,
    keys,
    cachedKeys: keys.size,
    rejections: new Rejections(),
    window,
    tooOld: 0,
    tooNew: 0,
    count: 0,
    days: new Set(),
    lastDay: -1n,
    origins: new Map(),
    attributeStarts: [],
    promoted: null,
  };
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
