// Span attributes for span-rows.ts: each KeyValue into the attributes JSON, or, for a promoted
// key, into its column (http_route, http_status_code, db_system, peer_service, feature) by the
// normaliser's rules: the key earliest in PROMOTED wins, a repeated key's last value wins.

import { find } from "./keys";
import * as r from "./reader";
import { delimited, skip, small, varint64 } from "./reader";
import { ascii2, boolean, byte, copy, field, jsonInt, jsonString, MAX_SAFE, nullField, signed } from "./row";

// The resource's feature as a COPY field, for a span without its own.
let featureAt: usize = 0;
let featureLength: u32 = 0;

export function resourceFeature(at: usize, length: u32): void {
  featureAt = at;
  featureLength = length;
}

// Per column: the priority of the key that gave the value (lower wins), and the value.
const COLUMNS: i32 = 5;
const columnPriority = memory.data(COLUMNS * 4, 4);
const columnType = memory.data(COLUMNS * 4, 4); // 0 null, 1 string, 2 bool, 3 int
const columnAt = memory.data(COLUMNS * 4, 4);
const columnEnd = memory.data(COLUMNS * 4, 4);
const columnInt = memory.data(COLUMNS * 8, 8);

/** A span begins: no promoted column has a value. */
export function clearColumns(): void {
  for (let c: usize = 0; c < <usize>COLUMNS; c++) store<u32>(columnPriority + (c << 2), 0xffffffff);
}

let valueType: u32 = 0; // 0 none (null), 1 string, 2 bool, 3 int
let valueAt: usize = 0;
let valueEnd: usize = 0;
let valueInt: i64 = 0;

/** The AnyValue whose length prefix is at `at`; the last member present wins, as in a oneof. */
function readValue(at: usize): void {
  r.pos = at;
  const length = small();
  const end = r.pos + <usize>length;
  if (r.bad || end > r.lim) {
    r.bad = true;
    return;
  }
  const outer = r.lim;
  r.lim = end;
  valueType = 0;
  while (r.pos < r.lim && !r.bad) {
    const tag = small();
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number == 1) {
      if (wireType != 2) r.bad = true;
      delimited();
      valueType = 1;
      valueAt = r.fieldAt;
      valueEnd = r.fieldEnd;
    } else if (number == 2) {
      if (wireType != 0) r.bad = true;
      valueInt = small() != 0 ? 1 : 0;
      valueType = 2;
    } else if (number == 3) {
      if (wireType != 0) r.bad = true;
      valueInt = <i64>varint64();
      valueType = 3;
    } else if (number >= 4 && number <= 7) r.bad = true; // doubles, arrays, maps, bytes
    else skip(wireType);
  }
  r.lim = outer;
}

/** One KeyValue: into the JSON (opening it or adding a comma), or into the promoted columns. */
export function attribute(at: usize, wroteBefore: bool): bool {
  r.pos = at;
  const length = small();
  const end = r.pos + <usize>length;
  if (r.bad || end > r.lim) {
    r.bad = true;
    return false;
  }
  const outer = r.lim;
  r.lim = end;
  let keyAt: usize = 0;
  let keyEnd: usize = 0;
  let value: isize = -1;
  while (r.pos < r.lim && !r.bad) {
    const tag = small();
    const number = tag >>> 3;
    if (number == 1) {
      if ((tag & 7) != 2) r.bad = true;
      delimited();
      keyAt = r.fieldAt;
      keyEnd = r.fieldEnd;
    } else if (number == 2) {
      if ((tag & 7) != 2) r.bad = true;
      value = <isize>r.pos;
      delimited();
    } else skip(tag & 7);
  }
  r.lim = outer;
  if (r.bad || keyEnd <= keyAt) {
    r.bad = true;
    return false;
  }
  const slot = find(keyAt, <u32>(keyEnd - keyAt));
  if (slot == 0) {
    r.bad = true;
    return false;
  }
  const meta = load<u32>(slot, 12);
  const kind = meta >>> 16;
  if (value >= 0) readValue(<usize>value);
  else valueType = 0;
  if (r.bad) return false;
  if (kind != 0) {
    promote(kind);
    return false;
  }
  byte(wroteBefore ? 0x2c : 0x7b);
  copy(<usize>load<u32>(slot, 8), <usize>(meta & 0xffff));
  jsonValue();
  return true;
}

/** The value just read into its promoted column, unless a key earlier in PROMOTED gave it one. */
@inline
function promote(kind: u32): void {
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
}

/** The value just read, as the attributes JSON writes it. */
@inline
function jsonValue(): void {
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
}

/** A promoted text column (http_route, db_system, peer_service, feature): \N when absent. */
export function textColumn(column: usize, fallback: bool): void {
  const type = load<u32>(columnType + (column << 2));
  if (load<u32>(columnPriority + (column << 2)) == 0xffffffff || type == 0) {
    if (fallback) copy(featureAt, <usize>featureLength);
    else nullField();
    return;
  }
  if (type == 1) {
    const at = <usize>load<u32>(columnAt + (column << 2));
    const end = <usize>load<u32>(columnEnd + (column << 2));
    // A feature is cut to MAX_LABEL_LENGTH (lib/traces/span-record.ts) by JavaScript.
    if (column == 4 && end - at > 128) r.bad = true;
    else field(at, end);
  }
  else if (type == 2) boolean(load<i64>(columnInt + (column << 3)) != 0);
  else signed(load<i64>(columnInt + (column << 3)));
}

/** http_status_code: a positive integer the column holds, else \N. Strings and unsafe integers are left to JavaScript. */
export function statusColumn(): void {
  const type = load<u32>(columnType + 4);
  const value = load<i64>(columnInt + 8);
  if (load<u32>(columnPriority + 4) == 0xffffffff || type == 0 || (type == 2 && value == 0)) {
    nullField();
    return;
  }
  if (type == 1 || value > MAX_SAFE || value < -MAX_SAFE) {
    r.bad = true;
    return;
  }
  if (value > 0 && value <= 2_147_483_647) signed(value);
  else nullField();
}

