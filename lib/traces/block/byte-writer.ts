// A growable little-endian byte buffer for the block codec: unsigned LEB128 varints (numbers up to
// 2^53 and bigints of any size), zigzag for signed values, length-prefixed UTF-8 strings.

const TWO_POW_32 = 2 ** 32;

export class ByteWriter {
  private buf: Buffer;
  private n = 0;

  constructor(capacity = 1 << 12) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.n;
  }

  private need(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(grown, 0, 0, this.n);
    this.buf = grown;
  }

  u8(v: number): void {
    this.need(1);
    this.buf[this.n++] = v;
  }

  u32(v: number): void {
    this.need(4);
    this.buf.writeUInt32LE(v >>> 0, this.n);
    this.n += 4;
  }

  /** A non-negative integer up to 2^53 - 1. */
  uvar(v: number): void {
    this.need(8);
    while (v >= 128) {
      this.buf[this.n++] = (v & 127) | 128;
      v = v >= TWO_POW_32 ? Math.floor(v / 128) : v >>> 7;
    }
    this.buf[this.n++] = v;
  }

  /** A signed safe integer, zigzag-coded. */
  svar(v: number): void {
    this.uvar(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** A non-negative bigint of any size. */
  ubig(v: bigint): void {
    while (v >= 128n) {
      this.u8(Number(v & 127n) | 128);
      v >>= 7n;
    }
    this.u8(Number(v));
  }

  /** A signed bigint of any size, zigzag-coded. */
  sbig(v: bigint): void {
    this.ubig(v >= 0n ? v * 2n : -v * 2n - 1n);
  }

  bytes(b: Uint8Array): void {
    this.need(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** UTF-8 text with its byte length first. The caller has checked it is well-formed. */
  str(s: string): void {
    const length = s.length < 64 && isAscii(s) ? s.length : Buffer.byteLength(s, "utf8");
    this.uvar(length);
    this.need(length);
    this.n += this.buf.write(s, this.n, length, "utf8");
  }

  /** The bytes written (a copy, so the writer can be reused). */
  out(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.n));
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}
