// One Span of the protobuf hot path (wire-copy.ts) as a COPY row, in JavaScript: every shape,
// every rule. The WebAssembly writer (span-rows.ts) takes the common shape first and hands the
// rest here.

import { isoMicros, field, jsonbSafe, type SpanOrigin, utcDayOf } from "@/lib/traces/ingest-spans";
import type { AttributeWriter } from "./copy-attributes";
import { type CopyWriter, NEWLINE, TAB } from "./copy-writer";
import { eventOf, linkOf, promotedColumns } from "./decode";
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
  // Where the attributes of the span being read start, reused from span to span.
  attributeStarts: number[];
  /** The WebAssembly writer, when loaded: it takes the spans of the common shape. */
  fast: SpanRows | null;
}

export const NS_PER_DAY = 86_400_000_000_000n;
export const NS_PER_MINUTE = 60_000_000_000n;

const NULL_FIELD = "\\N";

/** The columns every span of a ScopeSpans shares, ready to copy: service, environment, resource_fp. */
export interface OriginBytes {
  columns: Buffer;
  feature: string | null;
}

/** One Span: a COPY row, unless it is rejected or outside the time window. */
export function readSpan(r: Reader, d: Decoding, origin: OriginBytes, rs: number, ss: number, index: number): void {
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
  const outside = invalid === null ? outsideWindow(startNs, endNs, d.window) : null;
  if (invalid === null && outside === null) {
    out.ascii(
      `${isoMicros(startNs)}\t\\\\x${traceId}\t\\\\x${spanId}\t${parentHex ? `\\\\x${parentHex}` : NULL_FIELD}\t`,
    );
    if (nameEnd - nameAt > MAX_NAME_LENGTH)
      out.text(field(clip(buf.toString("utf8", nameAt, nameEnd), MAX_NAME_LENGTH)));
    else out.field(buf, nameAt, nameEnd);
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
  if (invalid !== null || outside !== null) {
    out.length = rowStart;
    d.attributes.namer.drop();
    if (invalid !== null) d.rejections.reject(rs, ss, index, invalid);
    else if (outside === "end") d.rejections.reject(rs, ss, index, END_TOO_LATE);
    else if (outside === "old") d.tooOld += 1;
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
  if (startNs < d.lateBeforeNs) d.lateMinutes.add(Number(startNs / NS_PER_MINUTE));
}
