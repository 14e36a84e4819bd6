// A protobuf wire-format reader: varints, fixed-width numbers, length-delimited fields and
// skipping unknown fields, with every read bounds-checked (a bad body throws WireError, never
// reads past its end). The OTLP trace messages are read with it in wire.ts.

export class WireError extends Error {}

export class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    public end: number,
  ) {
    this.pos = start;
  }

  /**
   * Narrows the reader to the length-delimited field at pos (a sub-message) without a new
   * Reader; returns the outer end, for `leave`.
   */
  enter(): number {
    const outer = this.end;
    const length = this.varint();
    const end = this.pos + length;
    if (end > outer || end < this.pos) throw new WireError("length past the end of the message");
    this.end = end;
    return outer;
  }

  /** Back to the enclosing message, past the sub-message. */
  leave(outer: number): void {
    this.pos = this.end;
    this.end = outer;
  }

  /** Whether the varint at pos is shorter than 8 bytes (so below 2^49: exact as a number). */
  shortVarint(): boolean {
    const stop = Math.min(this.pos + 7, this.end);
    for (let p = this.pos; p < stop; p++) if ((this.buf[p] & 0x80) === 0) return true;
    return false;
  }

  varint(): number {
    // Values used here (tags, lengths, enums, counts) fit 32 bits; wider ones are read as bigint.
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new WireError("truncated varint");
      const byte = this.buf[this.pos++];
      if (shift < 28) result |= (byte & 0x7f) << shift;
      else if (shift < 53) result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new WireError("varint longer than 10 bytes");
    }
  }

  varint64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new WireError("truncated varint");
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
      if (shift > 63n) throw new WireError("varint longer than 10 bytes");
    }
  }

  fixed64(): bigint {
    if (this.pos + 8 > this.end) throw new WireError("truncated fixed64");
    const b = this.buf;
    const p = this.pos;
    this.pos += 8;
    const low = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    const high = (b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24)) >>> 0;
    return (BigInt(high) << 32n) | BigInt(low);
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new WireError("truncated double");
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) throw new WireError("truncated fixed32");
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** A length-delimited field: returns [start, end) and moves past it. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    const end = start + length;
    if (end > this.end || end < start) throw new WireError("length past the end of the message");
    this.pos = end;
    return [start, end];
  }

  /** A length-delimited field without an array: returns its start; pos is then its end. */
  skipDelimited(): number {
    const length = this.varint();
    const start = this.pos;
    const end = start + length;
    if (end > this.end || end < start) throw new WireError("length past the end of the message");
    this.pos = end;
    return start;
  }

  /** Bytes as lowercase hex (ids), without an intermediate buffer. */
  hex(): string {
    const [start, end] = this.span();
    return this.buf.toString("hex", start, end);
  }

  base64(): string {
    const [start, end] = this.span();
    return this.buf.toString("base64", start, end);
  }

  string(): string {
    const [start, end] = this.span();
    return this.buf.toString("utf8", start, end);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint64();
        return;
      case 1:
      case 5: {
        const bytes = wireType === 1 ? 8 : 4;
        if (this.pos + bytes > this.end) throw new WireError(`truncated fixed${bytes * 8}`);
        this.pos += bytes;
        return;
      }
      case 2:
        this.span();
        return;
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
  }

  sub(): Reader {
    const [start, end] = this.span();
    return new Reader(this.buf, start, end);
  }
}

/** How to read one field of a message into `into`: its wire type, its name for errors, the read. */
export type FieldReader<T> = readonly [wireType: number, name: string, read: (r: Reader, into: T) => void];

/**
 * Reads a message's fields into `into` by field number. Unknown fields are skipped, as the
 * protobuf rules require; a known field with the wrong wire type is an error.
 */
export function readMessage<T>(r: Reader, into: T, fields: Readonly<Record<number, FieldReader<T>>>): T {
  while (r.pos < r.end) {
    const tag = r.varint();
    const wireType = tag & 7;
    const field = fields[tag >>> 3];
    if (field === undefined) {
      r.skip(wireType);
      continue;
    }
    expectWire(tag, field[0], field[1]);
    field[2](r, into);
  }
  return into;
}

/** A known field must come with its own wire type. */
export function expectWire(tag: number, wireType: number, name: string): void {
  if ((tag & 7) !== wireType) throw new WireError(`field ${name} has wire type ${tag & 7}, expected ${wireType}`);
}

/** The length-delimited sub-message at r.pos, read with a field table on a reader of its own. */
export function readSubMessage<T>(r: Reader, into: T, fields: Readonly<Record<number, FieldReader<T>>>): T {
  const start = r.skipDelimited();
  return readMessage(new Reader(r.buf, start, r.pos), into, fields);
}

/** Wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;
