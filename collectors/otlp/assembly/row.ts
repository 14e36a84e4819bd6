// The COPY text writer of span-rows.ts: a cursor into WebAssembly memory and the field formats
// of a span row. A value it can not write the way wire-copy.ts would marks the row failed.

export const BACKSLASH: u32 = 0x5c;
export const QUOTE: u32 = 0x22;
export const TAB: u8 = 9;
export const MAX_SAFE: i64 = 9_007_199_254_740_991;

let out: usize = 0;
let failed: bool = false;
let lastSecond: i64 = -1;
const secondText = memory.data(20, 4);
const digits = memory.data(24, 4);

/** A row starts at `at`. */
export function rowAt(at: usize): void {
  out = at;
  failed = false;
}

export function rowEnd(): usize {
  return out;
}

export function writeFailed(): bool {
  return failed;
}

@inline
export function byte(value: u32): void {
  store<u8>(out++, <u8>value);
}

export function ascii2(a: u32, b: u32): void {
  store<u8>(out, <u8>a);
  store<u8>(out, <u8>b, 1);
  out += 2;
}

export function copy(at: usize, length: usize): void {
  memory.copy(out, at, length);
  out += length;
}

const HEX = memory.data<u8>([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);

/** Bytes as bytea in COPY text: \\x and lowercase hex. */
export function bytea(at: usize, length: u32): void {
  byte(BACKSLASH);
  byte(BACKSLASH);
  byte(0x78);
  for (let i: usize = 0; i < <usize>length; i++) {
    const b = <usize>load<u8>(at + i);
    ascii2(load<u8>(HEX + (b >> 4)), load<u8>(HEX + (b & 15)));
  }
}

export function unsigned(value: u64): void {
  let n: usize = 0;
  do {
    store<u8>(digits + n++, <u8>(0x30 + <u32>(value % 10)));
    value /= 10;
  } while (value != 0);
  while (n > 0) byte(load<u8>(digits + --n));
}

export function signed(value: i64): void {
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
export function timestamp(micros: i64): void {
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
export function field(at: usize, end: usize): void {
  for (let p = at; p < end; p++) {
    const b = <u32>load<u8>(p);
    if (b < 0x20 || b > 0x7e) {
      failed = true;
      return;
    }
    if (b == BACKSLASH) byte(BACKSLASH);
    byte(b);
  }
}

/** ASCII as a JSON string inside a COPY field: " becomes \\" and \ becomes \\\\. */
export function jsonString(at: usize, end: usize): void {
  byte(QUOTE);
  for (let p = at; p < end; p++) {
    const b = <u32>load<u8>(p);
    if (b < 0x20 || b > 0x7f) {
      failed = true;
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
export function boolean(value: bool): void {
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
export function nullField(): void {
  ascii2(BACKSLASH, 0x4e);
}

const INT_TAG = memory.data<u8>([0x7b, 0x22, 0x69, 0x6e, 0x74, 0x56, 0x61, 0x6c, 0x75, 0x65, 0x22, 0x3a, 0x22]);

/** A JSON number, or {"intValue":"digits"} beyond the safe integers (lib/traces/attribute-values.ts). */
export function jsonInt(value: i64): void {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    copy(INT_TAG, 13);
    signed(value);
    ascii2(QUOTE, 0x7d);
  } else signed(value);
}

// ---- an AnyValue: which member, and its value
