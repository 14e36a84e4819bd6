// Reads what ByteWriter wrote, checking every bound: a block that ends early or holds an impossible
// value throws BlockCorruptError instead of giving back wrong rows.

export class BlockCorruptError extends Error {
  constructor(message: string) {
    super(`span block is corrupt: ${message}`);
    this.name = "BlockCorruptError";
  }
}

export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
    readonly what = "column",
  ) {
    this.pos = start;
  }

  fail(message: string): never {
    throw new BlockCorruptError(`${this.what}: ${message}`);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("ends early");
    return this.buf[this.pos++];
  }

  u32(): number {
    if (this.pos + 4 > this.end) this.fail("ends early");
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A varint up to 2^53 - 1. */
  uvar(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) this.fail("ends inside a number");
      const b = this.buf[this.pos++];
      v += (b & 127) * scale;
      if (b < 128) break;
      scale *= 128;
      if (scale > 2 ** 49) this.fail("number too large");
    }
    if (v > Number.MAX_SAFE_INTEGER) this.fail("number too large");
    return v;
  }

  /** A varint that must be at most `max` (counts, indexes, lengths). */
  count(max: number, of = "count"): number {
    const v = this.uvar();
    if (v > max) this.fail(`${of} ${v} exceeds ${max}`);
    return v;
  }

  svar(): number {
    const u = this.uvar();
    return u % 2 === 1 ? -(u + 1) / 2 : u / 2;
  }

  ubig(): bigint {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.u8();
      v |= BigInt(b & 127) << shift;
      if (b < 128) return v;
      shift += 7n;
      if (shift > 70n) this.fail("integer too large");
    }
  }

  sbig(): bigint {
    const u = this.ubig();
    return u & 1n ? -(u + 1n) / 2n : u / 2n;
  }

  bytes(k: number): Buffer {
    if (k < 0 || this.pos + k > this.end) this.fail("ends inside bytes");
    const b = this.buf.subarray(this.pos, this.pos + k);
    this.pos += k;
    return b;
  }

  /** Skips k bytes, returning where they start. */
  skip(k: number): number {
    if (k < 0 || this.pos + k > this.end) this.fail("ends early");
    const at = this.pos;
    this.pos += k;
    return at;
  }

  str(): string {
    const k = this.uvar();
    if (this.pos + k > this.end) this.fail("ends inside text");
    const s = this.buf.toString("utf8", this.pos, this.pos + k);
    this.pos += k;
    return s;
  }

  /** Throws unless everything was read. */
  finish(): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} bytes left over`);
  }
}
