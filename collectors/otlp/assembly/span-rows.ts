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

import { find } from "./keys";
import { ascii2, boolean, byte, bytea, copy, field, jsonInt, jsonString, MAX_SAFE, nullField, rowAt, rowEnd, signed, TAB, timestamp, unsigned, writeFailed } from "./row";

export { addKey, clearKeys, setup } from "./keys";

const MAX_ATTRIBUTES: i32 = 256;
const MAX_DAYS: u32 = 1024;
const NS_PER_DAY: u64 = 86_400_000_000_000;

let oldestNs: u64 = 0;
let newestNs: u64 = 0;
let originAt: usize = 0;
let originLength: u32 = 0;
let featureAt: usize = 0;
let featureLength: u32 = 0;

const attributeStarts = memory.data(MAX_ATTRIBUTES * 4, 4);
const days = memory.data(MAX_DAYS * 8, 8);
let dayCount: u32 = 0;
let lastDay: i64 = -1;

// Promoted columns (0 http_route, 1 http_status_code, 2 db_system, 3 peer_service, 4 feature):
// the priority of the key that gave the value (lower wins), and the value.
const COLUMNS: i32 = 5;
const columnPriority = memory.data(COLUMNS * 4, 4);
const columnType = memory.data(COLUMNS * 4, 4); // 0 null, 1 string, 2 bool, 3 int
const columnAt = memory.data(COLUMNS * 4, 4);
const columnEnd = memory.data(COLUMNS * 4, 4);
const columnInt = memory.data(COLUMNS * 8, 8);

// The reader: a cursor and the end of the message it is in; `bad` once anything is off.
let pos: usize = 0;
let lim: usize = 0;
let bad: bool = false;

export function heapBase(): usize {
  return __heap_base;
}

/** A request begins: its time window; days seen so far are forgotten. */
export function begin(oldest: u64, newest: u64): void {
  oldestNs = oldest;
  newestNs = newest;
  dayCount = 0;
  lastDay = -1;
}

/** The columns every span of a ScopeSpans shares, and its resource's feature as a COPY field. */
export function origin(at: usize, length: u32, featureFieldAt: usize, featureFieldLength: u32): void {
  originAt = at;
  originLength = length;
  featureAt = featureFieldAt;
  featureLength = featureFieldLength;
}

export function dayCountOf(): u32 {
  return dayCount;
}

export function dayAt(index: u32): i64 {
  return load<i64>(days + (<usize>index << 3));
}

// ---- reading

/** A varint of at most 4 bytes (tags, lengths, enums); longer ones are left to JavaScript. */
@inline
function small(): u32 {
  let result: u32 = 0;
  for (let shift: u32 = 0; shift < 28; shift += 7) {
    if (pos >= lim) break;
    const b = <u32>load<u8>(pos++);
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) return result;
  }
  bad = true;
  return 0;
}

function varint64(): u64 {
  let result: u64 = 0;
  for (let shift: u64 = 0; shift < 70; shift += 7) {
    if (pos >= lim) break;
    const b = <u64>load<u8>(pos++);
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) return result;
  }
  bad = true;
  return 0;
}

let fieldAt: usize = 0;
let fieldEnd: usize = 0;

/** A length-delimited field: [fieldAt, fieldEnd), and the cursor past it. */
@inline
function delimited(): void {
  const length = small();
  fieldAt = pos;
  fieldEnd = pos + <usize>length;
  if (fieldEnd > lim) bad = true;
  pos = fieldEnd;
}

function skip(wireType: u32): void {
  if (wireType == 0) varint64();
  else if (wireType == 1) {
    pos += 8;
    if (pos > lim) bad = true;
  } else if (wireType == 2) delimited();
  else if (wireType == 5) {
    pos += 4;
    if (pos > lim) bad = true;
  } else bad = true;
}

function allZero(at: usize, length: u32): bool {
  for (let i: usize = 0; i < <usize>length; i++) if (load<u8>(at + i) != 0) return false;
  return true;
}
let valueType: u32 = 0; // 0 none (null), 1 string, 2 bool, 3 int
let valueAt: usize = 0;
let valueEnd: usize = 0;
let valueInt: i64 = 0;

/** The AnyValue whose length prefix is at `at`; the last member present wins, as in a oneof. */
function readValue(at: usize): void {
  pos = at;
  const length = small();
  const end = pos + <usize>length;
  if (bad || end > lim) {
    bad = true;
    return;
  }
  const outer = lim;
  lim = end;
  valueType = 0;
  while (pos < lim && !bad) {
    const tag = small();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number == 1) {
      if (wireType != 2) bad = true;
      delimited();
      valueType = 1;
      valueAt = fieldAt;
      valueEnd = fieldEnd;
    } else if (number == 2) {
      if (wireType != 0) bad = true;
      valueInt = small() != 0 ? 1 : 0;
      valueType = 2;
    } else if (number == 3) {
      if (wireType != 0) bad = true;
      valueInt = <i64>varint64();
      valueType = 3;
    } else if (number >= 4 && number <= 7) bad = true; // doubles, arrays, maps, bytes
    else skip(wireType);
  }
  lim = outer;
}

/** One KeyValue: into the JSON (opening it or adding a comma), or into the promoted columns. */
function attribute(at: usize, wroteBefore: bool): bool {
  pos = at;
  const length = small();
  const end = pos + <usize>length;
  if (bad || end > lim) {
    bad = true;
    return false;
  }
  const outer = lim;
  lim = end;
  let keyAt: usize = 0;
  let keyEnd: usize = 0;
  let value: isize = -1;
  while (pos < lim && !bad) {
    const tag = small();
    const number = tag >>> 3;
    if (number == 1) {
      if ((tag & 7) != 2) bad = true;
      delimited();
      keyAt = fieldAt;
      keyEnd = fieldEnd;
    } else if (number == 2) {
      if ((tag & 7) != 2) bad = true;
      value = <isize>pos;
      delimited();
    } else skip(tag & 7);
  }
  lim = outer;
  if (bad || keyEnd <= keyAt) {
    bad = true;
    return false;
  }
  const slot = find(keyAt, <u32>(keyEnd - keyAt));
  if (slot == 0) {
    bad = true;
    return false;
  }
  const meta = load<u32>(slot, 12);
  const kind = meta >>> 16;
  if (value >= 0) readValue(<usize>value);
  else valueType = 0;
  if (bad) return false;
  if (kind != 0) {
    const column = <usize>((kind - 1) >> 2);
    const priority = (kind - 1) & 3;
    const held = load<u32>(columnPriority + (column << 2));
    if (priority <= held) {
      store<u32>(columnPriority + (column << 2), priority);
      store<u32>(columnType + (column << 2), valueType);
      store<u32>(columnAt + (column << 2), <u32>valueAt);
      store<u32>(columnEnd + (column << 2), <u32>valueEnd);
      store<i64>(columnInt + (column << 3), valueInt);
    }
    return false;
  }
  byte(wroteBefore ? 0x2c : 0x7b);
  copy(<usize>load<u32>(slot, 8), <usize>(meta & 0xffff));
  switch (valueType) {
    case 0:
      byte(0x6e);
      byte(0x75);
      ascii2(0x6c, 0x6c);
      break;
    case 1:
      jsonString(valueAt, valueEnd);
      break;
    case 2:
      boolean(valueInt != 0);
      break;
    default:
      jsonInt(valueInt);
  }
  return true;
}

/** A promoted text column (http_route, db_system, peer_service, feature): \N when absent. */
function textColumn(column: usize, fallback: bool): void {
  const type = load<u32>(columnType + (column << 2));
  if (load<u32>(columnPriority + (column << 2)) == 0xffffffff || type == 0) {
    if (fallback) copy(featureAt, <usize>featureLength);
    else nullField();
    return;
  }
  if (type == 1) field(<usize>load<u32>(columnAt + (column << 2)), <usize>load<u32>(columnEnd + (column << 2)));
  else if (type == 2) boolean(load<i64>(columnInt + (column << 3)) != 0);
  else signed(load<i64>(columnInt + (column << 3)));
}

/** http_status_code: a positive integer, else \N. Strings and unsafe integers are left to JavaScript. */
function statusColumn(): void {
  const type = load<u32>(columnType + 4);
  const value = load<i64>(columnInt + 8);
  if (load<u32>(columnPriority + 4) == 0xffffffff || type == 0 || (type == 2 && value == 0)) {
    nullField();
    return;
  }
  if (type == 1 || value > MAX_SAFE || value < -MAX_SAFE) {
    bad = true;
    return;
  }
  if (value > 0) signed(value);
  else nullField();
}

/**
 * The Span at [start, end) as a COPY row at `at`. Returns where the row ends, or -1 when this
 * span is left to JavaScript (nothing then counts; what was written is overwritten later).
 */
export function span(start: usize, end: usize, at: usize): isize {
  bad = false;
  pos = start;
  lim = end;
  rowAt(at);
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
  while (pos < lim) {
    const tag = small();
    if (bad) return -1;
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wireType != 2) return -1;
        delimited();
        traceAt = fieldAt;
        traceLength = <i32>(fieldEnd - fieldAt);
        break;
      case 2:
        if (wireType != 2) return -1;
        delimited();
        spanAt = fieldAt;
        spanLength = <i32>(fieldEnd - fieldAt);
        break;
      case 3:
        if (wireType != 2) return -1;
        delimited();
        stateAt = fieldAt;
        stateEnd = fieldEnd;
        break;
      case 4:
        if (wireType != 2) return -1;
        delimited();
        parentAt = fieldAt;
        parentLength = <i32>(fieldEnd - fieldAt);
        break;
      case 5:
        if (wireType != 2) return -1;
        delimited();
        nameAt = fieldAt;
        nameEnd = fieldEnd;
        break;
      case 6:
        if (wireType != 0) return -1;
        kind = small();
        break;
      case 7:
        if (wireType != 1 || pos + 8 > lim) return -1;
        startNs = load<u64>(pos);
        pos += 8;
        break;
      case 8:
        if (wireType != 1 || pos + 8 > lim) return -1;
        endNs = load<u64>(pos);
        pos += 8;
        break;
      case 9:
        if (wireType != 2 || attributes >= MAX_ATTRIBUTES) return -1;
        store<u32>(attributeStarts + (<usize>attributes << 2), <u32>pos);
        attributes++;
        delimited();
        break;
      case 11: // events
      case 13: // links
        return -1;
      case 15: {
        if (wireType != 2) return -1;
        delimited();
        if (bad) return -1;
        const after = pos;
        const outer = lim;
        pos = fieldAt;
        lim = fieldEnd;
        statusCode = 0;
        statusAt = statusEnd = 0;
        while (pos < lim && !bad) {
          const statusTag = small();
          if (statusTag >>> 3 == 2) {
            if ((statusTag & 7) != 2) return -1;
            delimited();
            statusAt = fieldAt;
            statusEnd = fieldEnd;
          } else if (statusTag >>> 3 == 3) {
            if ((statusTag & 7) != 0) return -1;
            statusCode = small();
          } else skip(statusTag & 7);
        }
        pos = after;
        lim = outer;
        break;
      }
      case 16:
        if (wireType != 5 || pos + 4 > lim) return -1;
        flags = load<u32>(pos);
        pos += 4;
        break;
      default:
        skip(wireType);
    }
    if (bad) return -1;
  }
  // Rejected spans, and spans outside the window, are the JavaScript path's to count and name.
  if (traceLength != 16 || allZero(traceAt, 16) || spanLength != 8 || allZero(spanAt, 8)) return -1;
  if (parentLength != 0 && (parentLength != 8 || allZero(parentAt, 8))) return -1;
  if (startNs == 0 || endNs < startNs || kind > 5 || statusCode > 2) return -1;
  if (startNs < oldestNs || startNs > newestNs) return -1;
  const micros = <i64>(startNs / 1000);
  if (micros >= 9_007_199_254_740_992) return -1;

  timestamp(micros);
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
  if (writeFailed()) return -1;

  for (let c: usize = 0; c < <usize>COLUMNS; c++) store<u32>(columnPriority + (c << 2), 0xffffffff);
  let wrote = false;
  lim = end;
  for (let i: i32 = 0; i < attributes; i++) {
    if (attribute(<usize>load<u32>(attributeStarts + (<usize>i << 2)), wrote)) wrote = true;
    if (bad || writeFailed()) return -1;
  }
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
  if (bad || writeFailed()) return -1;

  const day = <i64>(startNs / NS_PER_DAY);
  if (day != lastDay) {
    if (dayCount >= MAX_DAYS) return -1;
    lastDay = day;
    store<i64>(days + (<usize>dayCount << 3), day);
    dayCount++;
  }
  return <isize>rowEnd();
}
