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

const SLOTS: u32 = 32768;
const MASK: u32 = SLOTS - 1;
const MAX_KEYS: u32 = 20000;
const MAX_ATTRIBUTES: i32 = 256;
const MAX_DAYS: u32 = 1024;
const NS_PER_DAY: u64 = 86_400_000_000_000;
const MAX_SAFE: i64 = 9_007_199_254_740_991;
const BACKSLASH: u32 = 0x5c;
const QUOTE: u32 = 0x22;
const TAB: u8 = 9;

// The key table: SLOTS entries of 16 bytes (key pointer, key length, name pointer, name length
// and kind), open addressing; key and name bytes live in the arena.
let table: usize = 0;
let arena: usize = 0;
let arenaEnd: usize = 0;
let arenaTop: usize = 0;
let keyCount: u32 = 0;

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
let lastSecond: i64 = -1;
const secondText = memory.data(20, 4);
const digits = memory.data(24, 4);

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
let out: usize = 0;

export function heapBase(): usize {
  return __heap_base;
}

export function setup(tableAt: usize, arenaAt: usize, arenaLimit: usize): void {
  table = tableAt;
  arena = arenaAt;
  arenaEnd = arenaLimit;
  clearKeys();
}

export function clearKeys(): void {
  memory.fill(table, 0, <usize>SLOTS * 16);
  arenaTop = arena;
  keyCount = 0;
}

function hashOf(at: usize, length: u32): u32 {
  let hash: u32 = 0x811c9dc5;
  for (let i: usize = 0; i < <usize>length; i++) hash = (hash ^ <u32>load<u8>(at + i)) * 0x01000193;
  return hash;
}

function sameBytes(a: usize, b: usize, length: u32): bool {
  for (let i: usize = 0; i < <usize>length; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** The slot of a key, or 0 when it is not in the table. */
function find(at: usize, length: u32): usize {
  let index = hashOf(at, length) & MASK;
  let slot = table + (<usize>index << 4);
  let keyAt = load<u32>(slot);
  while (keyAt != 0) {
    if (load<u32>(slot, 4) == length && sameBytes(<usize>keyAt, at, length)) return slot;
    index = (index + 1) & MASK;
    slot = table + (<usize>index << 4);
    keyAt = load<u32>(slot);
  }
  return 0;
}

/**
 * Adds a key (bytes at keyAt) with its kind: 0, written as the name at nameAt ("17":), or
 * 1 + column * 4 + priority for a promoted key. Returns 0 when the table or arena is full.
 */
export function addKey(keyAt: usize, keyLength: u32, kind: u32, nameAt: usize, nameLength: u32): i32 {
  if (keyLength == 0 || keyCount >= MAX_KEYS || arenaTop + <usize>keyLength + <usize>nameLength > arenaEnd) return 0;
  if (find(keyAt, keyLength) != 0) return 1;
  const storedKey = arenaTop;
  memory.copy(storedKey, keyAt, keyLength);
  const storedName = storedKey + <usize>keyLength;
  memory.copy(storedName, nameAt, nameLength);
  arenaTop = storedName + <usize>nameLength;
  let index = hashOf(keyAt, keyLength) & MASK;
  while (load<u32>(table + (<usize>index << 4)) != 0) index = (index + 1) & MASK;
  const slot = table + (<usize>index << 4);
  store<u32>(slot, <u32>storedKey);
  store<u32>(slot, keyLength, 4);
  store<u32>(slot, <u32>storedName, 8);
  store<u32>(slot, nameLength | (kind << 16), 12);
  keyCount++;
  return 1;
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

// ---- writing

@inline
function byte(value: u32): void {
  store<u8>(out++, <u8>value);
}

function ascii2(a: u32, b: u32): void {
  store<u8>(out, <u8>a);
  store<u8>(out, <u8>b, 1);
  out += 2;
}

function copy(at: usize, length: usize): void {
  memory.copy(out, at, length);
  out += length;
}

const HEX = memory.data<u8>([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);

/** Bytes as bytea in COPY text: \\x and lowercase hex. */
function bytea(at: usize, length: u32): void {
  byte(BACKSLASH);
  byte(BACKSLASH);
  byte(0x78);
  for (let i: usize = 0; i < <usize>length; i++) {
    const b = <usize>load<u8>(at + i);
    ascii2(load<u8>(HEX + (b >> 4)), load<u8>(HEX + (b & 15)));
  }
}

function unsigned(value: u64): void {
  let n: usize = 0;
  do {
    store<u8>(digits + n++, <u8>(0x30 + <u32>(value % 10)));
    value /= 10;
  } while (value != 0);
  while (n > 0) byte(load<u8>(digits + --n));
}

function signed(value: i64): void {
  if (value < 0) {
    byte(0x2d);
    unsigned(<u64>(-value));
  } else unsigned(<u64>value);
}

function twoDigits(at: usize, value: i64): void {
  store<u8>(at, <u8>(0x30 + value / 10));
  store<u8>(at, <u8>(0x30 + value % 10), 1);
}

/** The start time as isoMicros gives it: 2026-11-24T17:34:29.123456+00. */
function timestamp(micros: i64): void {
  const second = micros / 1_000_000;
  if (second != lastSecond) {
    lastSecond = second;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const dayNumber = second / 86400;
    const inDay = second % 86400;
    const z = dayNumber + 719468;
    const era = z / 146097;
    const doe = z - era * 146097;
    const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const mp = (5 * doy + 2) / 153;
    const day = doy - (153 * mp + 2) / 5 + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    twoDigits(secondText, year / 100);
    twoDigits(secondText + 2, year % 100);
    store<u8>(secondText, 0x2d, 4);
    twoDigits(secondText + 5, month);
    store<u8>(secondText, 0x2d, 7);
    twoDigits(secondText + 8, day);
    store<u8>(secondText, 0x54, 10);
    twoDigits(secondText + 11, inDay / 3600);
    store<u8>(secondText, 0x3a, 13);
    twoDigits(secondText + 14, (inDay / 60) % 60);
    store<u8>(secondText, 0x3a, 16);
    twoDigits(secondText + 17, inDay % 60);
  }
  copy(secondText, 19);
  byte(0x2e);
  let fraction = micros - second * 1_000_000;
  for (let i: i32 = 5; i >= 0; i--) {
    store<u8>(out + <usize>i, <u8>(0x30 + fraction % 10));
    fraction /= 10;
  }
  out += 6;
  byte(0x2b);
  ascii2(0x30, 0x30);
}

/** Printable ASCII as a COPY text field (backslash doubled); anything else is left to JavaScript. */
function field(at: usize, end: usize): void {
  for (let p = at; p < end; p++) {
    const b = <u32>load<u8>(p);
    if (b < 0x20 || b > 0x7e) {
      bad = true;
      return;
    }
    if (b == BACKSLASH) byte(BACKSLASH);
    byte(b);
  }
}

/** ASCII as a JSON string inside a COPY field: " becomes \\" and \ becomes \\\\. */
function jsonString(at: usize, end: usize): void {
  byte(QUOTE);
  for (let p = at; p < end; p++) {
    const b = <u32>load<u8>(p);
    if (b < 0x20 || b > 0x7f) {
      bad = true;
      return;
    }
    if (b == QUOTE) {
      ascii2(BACKSLASH, BACKSLASH);
    } else if (b == BACKSLASH) {
      ascii2(BACKSLASH, BACKSLASH);
      ascii2(BACKSLASH, BACKSLASH);
      continue;
    }
    byte(b);
  }
  byte(QUOTE);
}

/** true or false, as JSON and as text. */
function boolean(value: bool): void {
  if (value) {
    ascii2(0x74, 0x72);
    ascii2(0x75, 0x65);
  } else {
    byte(0x66);
    ascii2(0x61, 0x6c);
    ascii2(0x73, 0x65);
  }
}

/** \N, COPY's NULL. */
function nullField(): void {
  ascii2(BACKSLASH, 0x4e);
}

/** A JSON number, or a quoted string beyond the safe integers, as the normaliser gives it. */
function jsonInt(value: i64): void {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    byte(QUOTE);
    signed(value);
    byte(QUOTE);
  } else signed(value);
}

// ---- an AnyValue: which member, and its value

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
  out = at;
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
  if (bad) return -1;

  for (let c: usize = 0; c < <usize>COLUMNS; c++) store<u32>(columnPriority + (c << 2), 0xffffffff);
  let wrote = false;
  lim = end;
  for (let i: i32 = 0; i < attributes; i++) {
    if (attribute(<usize>load<u32>(attributeStarts + (<usize>i << 2)), wrote)) wrote = true;
    if (bad) return -1;
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
  if (bad) return -1;

  const day = <i64>(startNs / NS_PER_DAY);
  if (day != lastDay) {
    if (dayCount >= MAX_DAYS) return -1;
    lastDay = day;
    store<i64>(days + (<usize>dayCount << 3), day);
    dayCount++;
  }
  return <isize>out;
}
