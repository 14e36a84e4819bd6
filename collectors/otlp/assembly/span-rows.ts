// AssemblyScript, compiled to span-rows.wasm (`npm run build:wasm`): the receiver's hottest loop,
// one OTLP protobuf Span written as one PostgreSQL COPY row, for the common shape only. It writes
// exactly the row collectors/otlp/wire-copy.ts writes (wire.test.ts checks them row by row), and
// gives up (returns -1) on anything else: a malformed or rejected span, events, links, arrays,
// maps, bytes, doubles, text that is not printable ASCII, a key not in its table. The JavaScript
// path then takes that span, so every rule (errors, rejection reasons, escaping) lives there.
//
// Memory: JavaScript owns the layout. It copies the request into memory, tells where the key
// table and its arena are (setup), the origin columns of each ScopeSpans (origin) and the time
// window (begin), then calls span() per Span with where to write.

import { attribute, clearColumns, keptPromoted, resourceFeature, statusColumn, textColumn } from "./attributes";
import * as r from "./reader";
import { allZero, delimited, skip, small } from "./reader";
import { ascii2, byte, bytea, copy, field, nullField, rowAt, rowEnd, signed, TAB, timestamp, unsigned, writeFailed } from "./row";
import { forgetTimes, recordDay, recordLate } from "./span-times";

export { addKey, clearKeys, setup } from "./keys";
export { dayAt, dayCountOf, lateAt, lateCountOf } from "./span-times";

const MAX_ATTRIBUTES: i32 = 256;
const MAX_NS: u64 = 0x7fffffffffffffff;

let oldestNs: u64 = 0;
let newestNs: u64 = 0;
let originAt: usize = 0;
let originLength: u32 = 0;

const attributeStarts = memory.data(MAX_ATTRIBUTES * 4, 4);

export function heapBase(): usize {
  return __heap_base;
}

/** A request begins: its time window and when late starts; days and minutes seen are forgotten. */
export function begin(oldest: u64, newest: u64, lateBefore: u64): void {
  oldestNs = oldest;
  newestNs = newest;
  forgetTimes(lateBefore);
}

/** The columns every span of a ScopeSpans shares, and its resource's feature as a COPY field. */
export function origin(at: usize, length: u32, featureFieldAt: usize, featureFieldLength: u32): void {
  originAt = at;
  originLength = length;
  resourceFeature(featureFieldAt, featureFieldLength);
}

// The Span being read: where its fields are, and its numbers.
let traceAt: usize = 0;
let traceLength: i32 = -1;
let spanAt: usize = 0;
let spanLength: i32 = -1;
let parentAt: usize = 0;
let parentLength: i32 = 0;
let stateAt: usize = 0;
let stateEnd: usize = 0;
let nameAt: usize = 0;
let nameEnd: usize = 0;
let kind: u32 = 0;
let flags: u32 = 0;
let startNs: u64 = 0;
let endNs: u64 = 0;
let statusCode: u32 = 0;
let statusAt: usize = 0;
let statusEnd: usize = 0;
let attributes: i32 = 0;

/**
 * The Span at [start, end) as a COPY row at `at`. Returns where the row ends, or -1 when this
 * span is left to JavaScript (nothing then counts; what was written is overwritten later).
 */
export function span(start: usize, end: usize, at: usize): isize {
  r.bad = false;
  r.pos = start;
  r.lim = end;
  // Rejected spans, and spans outside the window, are the JavaScript path's to count and name.
  if (!readFields() || !valid()) return -1;
  rowAt(at);
  r.lim = end;
  if (!writeRow() || !recordDay(startNs) || !recordLate(startNs)) return -1;
  return <isize>rowEnd();
}

/** The fields of the Span at r.pos; false for a shape left to JavaScript. The last of each wins. */
/** A span begins: none of its fields is known yet. */
@inline
function resetFields(): void {
  traceLength = spanLength = -1;
  parentLength = 0;
  stateAt = stateEnd = nameAt = nameEnd = statusAt = statusEnd = 0;
  kind = flags = statusCode = 0;
  startNs = endNs = 0;
  attributes = 0;
}

/** One field of a Span message (a length-delimited one already delimited) into the module's fields; false when it is malformed or unsupported. */
@inline
function readField(field: u32, wireType: u32): bool {
  switch (field) {
    case 1:
      traceAt = r.fieldAt;
      traceLength = <i32>(r.fieldEnd - r.fieldAt);
      break;
    case 2:
      spanAt = r.fieldAt;
      spanLength = <i32>(r.fieldEnd - r.fieldAt);
      break;
    case 3:
      stateAt = r.fieldAt;
      stateEnd = r.fieldEnd;
      break;
    case 4:
      parentAt = r.fieldAt;
      parentLength = <i32>(r.fieldEnd - r.fieldAt);
      break;
    case 5:
      nameAt = r.fieldAt;
      nameEnd = r.fieldEnd;
      break;
    case 6:
      if (wireType != 0) return false;
      kind = small();
      break;
    case 7:
      if (wireType != 1 || r.pos + 8 > r.lim) return false;
      startNs = load<u64>(r.pos);
      r.pos += 8;
      break;
    case 8:
      if (wireType != 1 || r.pos + 8 > r.lim) return false;
      endNs = load<u64>(r.pos);
      r.pos += 8;
      break;
    case 9:
      if (wireType != 2 || attributes >= MAX_ATTRIBUTES) return false;
      store<u32>(attributeStarts + (<usize>attributes << 2), <u32>r.pos);
      attributes++;
      delimited();
      break;
    case 11: // events
    case 13: // links
      return false;
    case 15:
      if (wireType != 2 || !readStatus()) return false;
      break;
    case 16:
      if (wireType != 5 || r.pos + 4 > r.lim) return false;
      flags = load<u32>(r.pos);
      r.pos += 4;
      break;
    default:
      skip(wireType);
  }
  return true;
}

function readFields(): bool {
  resetFields();
  while (r.pos < r.lim) {
    const tag = small();
    if (r.bad) return false;
    const field = tag >>> 3;
    const wireType = tag & 7;
    // Fields 1 to 5 (trace id, span id, trace state, parent span id, name) are all length-delimited.
    if (field >= 1 && field <= 5) {
      if (wireType != 2) return false;
      delimited();
    }
    if (!readField(field, wireType) || r.bad) return false;
  }
  return true;
}

/** The Status at r.pos: its code and message (each status field starts over). */
function readStatus(): bool {
  delimited();
  if (r.bad) return false;
  const after = r.pos;
  const outer = r.lim;
  r.pos = r.fieldAt;
  r.lim = r.fieldEnd;
  statusCode = 0;
  statusAt = statusEnd = 0;
  while (r.pos < r.lim && !r.bad) {
    const tag = small();
    if (tag >>> 3 == 2) {
      if ((tag & 7) != 2) return false;
      delimited();
      statusAt = r.fieldAt;
      statusEnd = r.fieldEnd;
    } else if (tag >>> 3 == 3) {
      if ((tag & 7) != 0) return false;
      statusCode = small();
    } else skip(tag & 7);
  }
  r.pos = after;
  r.lim = outer;
  return !r.bad;
}

/** Whether the span would be stored as it is (invalidSpan's rules, the window, a printable time). */
function valid(): bool {
  if (traceLength != 16 || allZero(traceAt, 16) || spanLength != 8 || allZero(spanAt, 8)) return false;
  if (parentLength != 0 && (parentLength != 8 || allZero(parentAt, 8))) return false;
  if (startNs == 0 || endNs < startNs || endNs > MAX_NS || kind > 5 || statusCode > 2) return false;
  if (startNs < oldestNs || startNs > newestNs || endNs > newestNs) return false;
  // A long name is cut by JavaScript (MAX_NAME_LENGTH in lib/traces/span-record.ts).
  if (nameEnd - nameAt > 512) return false;
  return startNs / 1000 < 9_007_199_254_740_992;
}

/** The row, in SPAN_COLUMNS order (lib/traces/span-batch.ts); false when a value is not for this path. */
function writeRow(): bool {
  timestamp(<i64>(startNs / 1000));
  byte(TAB);
  bytea(traceAt, 16);
  byte(TAB);
  bytea(spanAt, 8);
  byte(TAB);
  if (parentLength == 8) bytea(parentAt, 8);
  else nullField();
  byte(TAB);
  field(nameAt, nameEnd);
  byte(TAB);
  unsigned(kind);
  byte(TAB);
  unsigned(endNs - startNs);
  byte(TAB);
  // start_extra_ns: the nanoseconds start_time can not hold, \N for none.
  const extraNs = startNs % 1000;
  if (extraNs == 0) nullField();
  else unsigned(extraNs);
  byte(TAB);
  unsigned(statusCode);
  byte(TAB);
  if (statusEnd > statusAt) field(statusAt, statusEnd);
  else nullField();
  byte(TAB);
  if (stateEnd > stateAt) field(stateAt, stateEnd);
  else nullField();
  byte(TAB);
  signed(<i64>(<i32>flags));
  byte(TAB);
  copy(originAt, <usize>originLength);
  if (writeFailed()) return false;

  clearColumns();
  let wrote = false;
  for (let i: i32 = 0; i < attributes; i++) {
    if (attribute(<usize>load<u32>(attributeStarts + (<usize>i << 2)), wrote)) wrote = true;
    if (r.bad || writeFailed()) return false;
  }
  wrote = keptPromoted(wrote);
  if (r.bad) return false;
  if (wrote) byte(0x7d);
  else ascii2(0x7b, 0x7d);
  byte(TAB);
  textColumn(0, false);
  byte(TAB);
  statusColumn();
  byte(TAB);
  textColumn(2, false);
  byte(TAB);
  textColumn(3, false);
  byte(TAB);
  textColumn(4, true);
  // No events or links: spans with them are the JavaScript path's.
  byte(TAB);
  nullField();
  byte(TAB);
  nullField();
  byte(0x0a);
  return !r.bad && !writeFailed();
}
