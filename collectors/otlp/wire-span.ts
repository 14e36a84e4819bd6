// One Span of the protobuf hot path (wire-copy.ts) as a COPY row, in JavaScript: every shape,
// every rule. The WebAssembly writer (span-rows.ts) takes the common shape first and hands the
// rest here.

import { field, jsonbSafe } from "@/lib/copy-text";
import { extraNs, isoMicros, utcDayOf } from "@/lib/traces/encode-spans";
import type { SpanOrigin } from "@/lib/traces/span-batch";
import type { AttributeWriter } from "./copy-attributes";
import { type CopyWriter, NEWLINE, TAB } from "./copy-writer";
import { eventOf, linkOf } from "./decode";
import { promotedColumns } from "@/lib/traces/promoted";
import { END_TOO_LATE, invalidSpan, outsideWindow, type Rejections, type TimeWindow } from "./span-rules";
import type { SpanRows } from "./span-rows";
import { clip, MAX_NAME_LENGTH } from "@/lib/traces/span-record";
import { EVENT, type Event, LINK, type Link } from "./wire";
import { expectWire, FIXED32, FIXED64, LEN, type Reader, readSubMessage, VARINT } from "./wire-reader";

export interface Decoding {
  out: CopyWriter;
  attributes: AttributeWriter;
  rejections: Rejections;
  window: TimeWindow;
  tooOld: number;
  tooNew: number;
  count: number;
  days: Set<string>;
  lastDay: bigint;
  /** Spans starting before this are late; the minutes they start in go to lateMinutes. */
  lateBeforeNs: bigint;
  lateMinutes: Set<number>;
  origins: Map<bigint, SpanOrigin>;
  /** The fields of the span being read, reused from span to span. */
  span: SpanFields;
  /** The WebAssembly writer, when loaded: it takes the spans of the common shape. */
  fast: SpanRows | null;
}

export const NS_PER_DAY = 86_400_000_000_000n;
const NS_PER_MINUTE = 60_000_000_000n;

const NULL_FIELD = "\\N";

/** The columns every span of a ScopeSpans shares, ready to copy: service, environment, resource_fp. */
export interface OriginBytes {
  columns: Buffer;
  feature: string | null;
}

/** What readSpan keeps of a Span's fields: values, or where text fields are in the request. */
export class SpanFields {
  traceId: string | null = null;
  spanId: string | null = null;
  parentHex: string | null = null;
  traceStateAt = 0;
  traceStateEnd = 0;
  nameAt = 0;
  nameEnd = 0;
  kind = 0;
  flags = 0;
  startNs = 0n;
  endNs = 0n;
  statusCode = 0;
  statusAt = 0;
  statusEnd = 0;
  /** Where each KeyValue of Span.attributes starts. */
  readonly attributeStarts: number[] = [];
  events: Event[] | null = null;
  links: Link[] | null = null;

  reset(): void {
    this.traceId = this.spanId = this.parentHex = null;
    this.traceStateAt = this.traceStateEnd = this.nameAt = this.nameEnd = 0;
    this.kind = this.flags = this.statusCode = this.statusAt = this.statusEnd = 0;
    this.startNs = this.endNs = 0n;
    this.attributeStarts.length = 0;
    this.events = this.links = null;
  }
}

function readStatus(r: Reader, f: SpanFields): void {
  const outer = r.enter();
  f.statusCode = 0;
  f.statusAt = f.statusEnd = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === 2) {
      expectWire(tag, LEN, "Status.message");
      f.statusAt = r.skipDelimited();
      f.statusEnd = r.pos;
    } else if (tag >>> 3 === 3) {
      expectWire(tag, VARINT, "Status.code");
      f.statusCode = r.varint();
    } else r.skip(tag & 7);
  }
  r.leave(outer);
}

/** Span fields 1 to 5: the ids, the trace state and the name. */
function readIdField(r: Reader, f: SpanFields, tag: number): void {
  expectWire(tag, LEN, ID_FIELDS[tag >>> 3]);
  switch (tag >>> 3) {
    case 1:
      f.traceId = r.hex();
      break;
    case 2:
      f.spanId = r.hex();
      break;
    case 3:
      f.traceStateAt = r.skipDelimited();
      f.traceStateEnd = r.pos;
      break;
    case 4:
      f.parentHex = r.hex();
      break;
    default:
      f.nameAt = r.skipDelimited();
      f.nameEnd = r.pos;
  }
}

const ID_FIELDS = ["", "Span.trace_id", "Span.span_id", "Span.trace_state", "Span.parent_span_id", "Span.name"];

/** One field of a Span at r.pos (its tag read), into `f`; unknown fields skipped. */
function readField(r: Reader, f: SpanFields, tag: number): void {
  switch (tag >>> 3) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
      return readIdField(r, f, tag);
    case 6:
      expectWire(tag, VARINT, "Span.kind");
      f.kind = r.varint();
      return;
    case 7:
      expectWire(tag, FIXED64, "Span.start_time_unix_nano");
      f.startNs = r.fixed64();
      return;
    case 8:
      expectWire(tag, FIXED64, "Span.end_time_unix_nano");
      f.endNs = r.fixed64();
      return;
    case 9:
      expectWire(tag, LEN, "Span.attributes");
      f.attributeStarts.push(r.pos);
      r.skipDelimited();
      return;
    case 11:
      expectWire(tag, LEN, "Span.events");
      (f.events ??= []).push(readSubMessage(r, { timeUnixNano: 0n, name: "", attributes: [] }, EVENT));
      return;
    case 13:
      expectWire(tag, LEN, "Span.links");
      (f.links ??= []).push(readSubMessage(r, { traceState: "", attributes: [] }, LINK));
      return;
    case 15:
      expectWire(tag, LEN, "Span.status");
      return readStatus(r, f);
    case 16:
      expectWire(tag, FIXED32, "Span.flags");
      f.flags = r.fixed32();
      return;
    default:
      r.skip(tag & 7);
  }
}

/** The columns of a row before the attributes, in SPAN_COLUMNS order. */
function writeHead(out: CopyWriter, buf: Buffer, f: SpanFields, origin: OriginBytes): void {
  const parent = f.parentHex ? `\\\\x${f.parentHex}` : NULL_FIELD;
  out.ascii(`${isoMicros(f.startNs)}\t\\\\x${f.traceId}\t\\\\x${f.spanId}\t${parent}\t`);
  if (f.nameEnd - f.nameAt > MAX_NAME_LENGTH)
    out.text(field(clip(buf.toString("utf8", f.nameAt, f.nameEnd), MAX_NAME_LENGTH)));
  else out.field(buf, f.nameAt, f.nameEnd);
  out.ascii(`\t${f.kind}\t${f.endNs - f.startNs}\t${extraNs(f.startNs)}\t${f.statusCode}\t`);
  if (f.statusEnd > f.statusAt) out.field(buf, f.statusAt, f.statusEnd);
  else out.text(NULL_FIELD);
  out.byte(TAB);
  if (f.traceStateEnd > f.traceStateAt) out.field(buf, f.traceStateAt, f.traceStateEnd);
  else out.text(NULL_FIELD);
  out.ascii(`\t${f.flags | 0}\t`);
  out.copy(origin.columns, 0, origin.columns.length);
}

/** The columns of a row after the attributes: the promoted ones, events and links. */
function writeTail(out: CopyWriter, d: Decoding, f: SpanFields, origin: OriginBytes): void {
  const columns = promotedColumns(d.attributes.promoted, null);
  out.text(
    `\t${field(columns.httpRoute)}\t${columns.httpStatusCode ?? NULL_FIELD}\t${field(columns.dbSystem)}\t${field(columns.peerService)}\t` +
      `${field(columns.feature ?? origin.feature)}\t` +
      `${f.events ? field(jsonbSafe(JSON.stringify(f.events.map(eventOf)))) : NULL_FIELD}\t` +
      `${f.links ? field(jsonbSafe(JSON.stringify(f.links.map((link) => linkOf(link, "protobuf"))))) : NULL_FIELD}`,
  );
  out.byte(NEWLINE);
}

/** A span left out: counted as rejected (named) or as outside the window. */
function leaveOut(d: Decoding, invalid: string | null, outside: string | null, rs: number, ss: number, index: number) {
  d.attributes.namer.drop();
  if (invalid !== null) d.rejections.reject(rs, ss, index, invalid);
  else if (outside === "end") d.rejections.reject(rs, ss, index, END_TOO_LATE);
  else if (outside === "old") d.tooOld += 1;
  else d.tooNew += 1;
}

/** A span written: counted, with its day and, when late, its minute. */
function count(d: Decoding, startNs: bigint): void {
  d.count += 1;
  const day = startNs / NS_PER_DAY;
  if (day !== d.lastDay) {
    d.lastDay = day;
    d.days.add(utcDayOf(startNs));
  }
  if (startNs < d.lateBeforeNs) d.lateMinutes.add(Number(startNs / NS_PER_MINUTE));
}

/** One Span: a COPY row, unless it is rejected or outside the time window. */
export function readSpan(r: Reader, d: Decoding, origin: OriginBytes, rs: number, ss: number, index: number): void {
  const f = d.span;
  f.reset();
  const outer = r.enter();
  while (r.pos < r.end) readField(r, f, r.varint());
  r.leave(outer);
  const after = r.pos;
  const out = d.out;
  const rowStart = out.length;
  const invalid = invalidSpan(f.traceId, f.spanId, f.parentHex, f.startNs, f.endNs, f.kind, f.statusCode);
  const outside = invalid === null ? outsideWindow(f.startNs, f.endNs, d.window) : null;
  const kept = invalid === null && outside === null;
  if (kept) writeHead(out, r.buf, f, origin);
  // Attributes are read even for a span that is left out: a malformed one makes the body undecodable.
  d.attributes.writeAll(r, f.attributeStarts, origin.feature);
  r.pos = after;
  if (!kept) {
    out.length = rowStart;
    return leaveOut(d, invalid, outside, rs, ss, index);
  }
  d.attributes.namer.keep();
  writeTail(out, d, f, origin);
  count(d, f.startNs);
}
