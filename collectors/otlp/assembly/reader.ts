// The protobuf reader of span-rows.ts: a cursor and the end of the message it is in, shared as
// module state (r.pos, r.lim) so the hot loops pass no arguments; `bad` once anything is off.
// Whatever it can not read the way wire-reader.ts would, it marks bad, and the span goes back.

export let pos: usize = 0;
export let lim: usize = 0;
export let bad: bool = false;
/** The last length-delimited field read: [fieldAt, fieldEnd). */
export let fieldAt: usize = 0;
export let fieldEnd: usize = 0;

/** A varint of at most 4 bytes (tags, lengths, enums); longer ones are left to JavaScript. */
@inline
export function small(): u32 {
  return varint<u32>(28);
}

export function varint64(): u64 {
  return varint<u64>(70);
}

/** A varint read as T, of at most maxShift / 7 bytes; bad when longer or cut short. */
@inline
function varint<T>(maxShift: T): T {
  let result: T = 0;
  for (let shift: T = 0; shift < maxShift; shift += 7) {
    if (pos >= lim) break;
    const b = <T>load<u8>(pos++);
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) return result;
  }
  bad = true;
  return 0;
}

/** A length-delimited field: [fieldAt, fieldEnd), and the cursor past it. */
@inline
export function delimited(): void {
  const length = small();
  fieldAt = pos;
  fieldEnd = pos + <usize>length;
  if (fieldEnd > lim) bad = true;
  pos = fieldEnd;
}

export function skip(wireType: u32): void {
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

export function allZero(at: usize, length: u32): bool {
  for (let i: usize = 0; i < <usize>length; i++) if (load<u8>(at + i) != 0) return false;
  return true;
}
