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

// Per promoted key (column * 4 + priority): its value, the last one given, and its key's slot;
// per column, which of its keys were given (a bit per priority).
const COLUMNS: i32 = 5;
const KEYS: i32 = COLUMNS * 4;
const keysGiven = memory.data(COLUMNS * 4, 4);
const keyType = memory.data(KEYS * 4, 4); // 0 null, 1 string, 2 bool, 3 int
const keyAt = memory.data(KEYS * 4, 4);
const keyEnd = memory.data(KEYS * 4, 4);
const keyInt = memory.data(KEYS * 8, 8);
const keySlot = memory.data(KEYS * 4, 4);
// The priority of the key each column reads back as (PROMOTED_NAME in lib/traces/promoted.ts):
// http.route, http.response.status_code, db.system (after db.system.name), peer.service, vigil.feature.
const READ_BACK = memory.data<u8>([0, 0, 1, 0, 0]);
const MAX_INT4: i64 = 2_147_483_647;

/** A span begins: no promoted key was given. */
export function clearColumns(): void {
  for (let c: usize = 0; c < <usize>COLUMNS; c++) store<u32>(keysGiven + (c << 2), 0);
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
    promote(kind, slot);
    return false;
  }
  byte(wroteBefore ? 0x2c : 0x7b);
  copy(<usize>load<u32>(slot, 8), <usize>(meta & 0xffff));
  valueJson();
  return true;
}

/** The value just read, kept for its promoted key (the last given wins). */
@inline
function promote(kind: u32, slot: usize): void {
  const column = <usize>((kind - 1) >> 2);
  const priority = (kind - 1) & 3;
  const key = (column << 2) + <usize>priority;
  store<u32>(keysGiven + (column << 2), load<u32>(keysGiven + (column << 2)) | (1 << priority));
  store<u32>(keyType + (key << 2), valueType);
  store<u32>(keyAt + (key << 2), <u32>valueAt);
  store<u32>(keyEnd + (key << 2), <u32>valueEnd);
  store<i64>(keyInt + (key << 3), valueInt);
  store<u32>(keySlot + (key << 2), <u32>slot);
}

/** A promoted key's value, as the attributes JSON writes it. */
function jsonValue(key: usize): void {
  const type = load<u32>(keyType + (key << 2));
  if (type == 0) {
    ascii2(0x6e, 0x75);
    ascii2(0x6c, 0x6c);
  } else if (type == 1) jsonString(<usize>load<u32>(keyAt + (key << 2)), <usize>load<u32>(keyEnd + (key << 2)));
  else if (type == 2) boolean(load<i64>(keyInt + (key << 3)) != 0);
  else jsonInt(load<i64>(keyInt + (key << 3)));
}

/** The value just read, as the attributes JSON writes it. */
@inline
function valueJson(): void {
  switch (valueType) {
    case 0:
      ascii2(0x6e, 0x75);
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

/** The key a column's value comes from (the given key earliest in PROMOTED), or -1. */
@inline
function winner(column: usize): isize {
  const given = load<u32>(keysGiven + (column << 2));
  return given == 0 ? -1 : <isize>((column << 2) + <usize>ctz(given));
}

/** Whether a string value (printable ASCII) is the resource's feature, as its COPY field. */
function isResourceFeature(at: usize, end: usize): bool {
  let f = featureAt;
  const fEnd = featureAt + <usize>featureLength;
  for (let p = at; p < end; p++) {
    const b = load<u8>(p);
    if (b == 0x5c) {
      if (f + 2 > fEnd || load<u8>(f) != 0x5c || load<u8>(f, 1) != 0x5c) return false;
      f += 2;
    } else {
      if (f >= fEnd || load<u8>(f) != b) return false;
      f++;
    }
  }
  return f == fEnd;
}

/** Whether the column gives the key's value back exactly (givesBack in lib/traces/promoted.ts). */
function givesBack(column: usize, key: usize): bool {
  const type = load<u32>(keyType + (key << 2));
  if (column == 1) {
    const value = load<i64>(keyInt + (key << 3));
    return type == 3 && value > 0 && value <= MAX_INT4;
  }
  if (type != 1) return false;
  if (column != 4) return true;
  const at = <usize>load<u32>(keyAt + (key << 2));
  const end = <usize>load<u32>(keyEnd + (key << 2));
  return end - at <= 128 && !isResourceFeature(at, end);
}

/**
 * The promoted keys whose column does not give them back, into the attributes JSON after the
 * others, in PROMOTED order (keptPromoted in lib/traces/promoted.ts). Returns whether any
 * attribute is written; a key without a name is left to JavaScript (r.bad).
 */
export function keptPromoted(wroteBefore: bool): bool {
  let wrote = wroteBefore;
  for (let column: usize = 0; column < <usize>COLUMNS; column++) {
    const given = load<u32>(keysGiven + (column << 2));
    if (given == 0) continue;
    const alone = popcnt(given) == 1 && ctz(given) == <u32>load<u8>(READ_BACK + column);
    for (let priority: usize = 0; priority < 4; priority++) {
      if ((given & (1 << <u32>priority)) == 0) continue;
      const key = (column << 2) + priority;
      if (alone && givesBack(column, key)) continue;
      const slot = <usize>load<u32>(keySlot + (key << 2));
      const nameLength = <usize>(load<u32>(slot, 12) & 0xffff);
      if (nameLength == 0) {
        r.bad = true;
        return wrote;
      }
      byte(wrote ? 0x2c : 0x7b);
      copy(<usize>load<u32>(slot, 8), nameLength);
      jsonValue(key);
      wrote = true;
    }
  }
  return wrote;
}

/** A promoted text column (http_route, db_system, peer_service, feature): \N when absent. */
export function textColumn(column: usize, fallback: bool): void {
  const key = winner(column);
  const type = key < 0 ? 0 : load<u32>(keyType + (<usize>key << 2));
  if (type == 0) {
    if (fallback) copy(featureAt, <usize>featureLength);
    else nullField();
    return;
  }
  if (type == 1) {
    const at = <usize>load<u32>(keyAt + (<usize>key << 2));
    const end = <usize>load<u32>(keyEnd + (<usize>key << 2));
    // A feature is cut to MAX_LABEL_LENGTH (lib/traces/span-record.ts) by JavaScript.
    if (column == 4 && end - at > 128) r.bad = true;
    else field(at, end);
  } else if (type == 2) boolean(load<i64>(keyInt + (<usize>key << 3)) != 0);
  else signed(load<i64>(keyInt + (<usize>key << 3)));
}

/** http_status_code: a positive integer the column holds, else \N. Strings and unsafe integers are left to JavaScript. */
export function statusColumn(): void {
  const key = winner(1);
  const type = key < 0 ? 0 : load<u32>(keyType + (<usize>key << 2));
  const value = key < 0 ? 0 : load<i64>(keyInt + (<usize>key << 3));
  if (type == 0 || (type == 2 && value == 0)) {
    nullField();
    return;
  }
  if (type == 1 || value > MAX_SAFE || value < -MAX_SAFE) {
    r.bad = true;
    return;
  }
  if (value > 0 && value <= MAX_INT4) signed(value);
  else nullField();
}
