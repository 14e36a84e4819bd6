// Fixed-width bit-packed unsigned integers (little-endian bit order), so entry i is read at bit
// i * width without scanning the ones before it: one trace's rows are read by offset.

import { BlockCorruptError } from "@/lib/traces/block/byte-reader";
import type { ByteWriter } from "@/lib/traces/block/byte-writer";

export const MAX_BIT_WIDTH = 24;

/** Bits needed for values 0..max. */
export function bitWidth(max: number): number {
  let w = 0;
  while (max >= 2 ** w) w++;
  return w;
}

/** Bytes that n entries of `width` bits take (with 3 bytes of slack so reads can take 4 at once). */
export const packedBytes = (n: number, width: number): number => (width === 0 ? 0 : Math.ceil((n * width) / 8) + 3);

/** Appends values (each < 2^width) packed at `width` bits. */
export function writePacked(w: ByteWriter, values: ArrayLike<number>, width: number): void {
  if (width > MAX_BIT_WIDTH) throw new Error(`bit width ${width} above ${MAX_BIT_WIDTH}`);
  if (width === 0) return;
  const out = Buffer.alloc(packedBytes(values.length, width));
  let bit = 0;
  for (let i = 0; i < values.length; i++, bit += width) {
    const v = values[i];
    const byte = bit >>> 3;
    const word = v * (1 << (bit & 7));
    out[byte] |= word & 255;
    out[byte + 1] |= (word >>> 8) & 255;
    out[byte + 2] |= (word >>> 16) & 255;
    out[byte + 3] |= (word >>> 24) & 255;
  }
  w.bytes(out);
}

/** Reads entry i of a packed run starting at `offset`. */
export function readPacked(buf: Buffer, offset: number, width: number, i: number): number {
  if (width === 0) return 0;
  const bit = i * width;
  const at = offset + (bit >>> 3);
  const word = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
  return (word >>> (bit & 7)) & ((1 << width) - 1);
}

/** Every entry of a packed run, each checked to be below `limit`. */
export function unpackAll(buf: Buffer, offset: number, width: number, n: number, limit: number): Uint32Array {
  const out = new Uint32Array(n);
  if (width === 0) {
    if (limit < 1 && n > 0) throw new BlockCorruptError("index into an empty dictionary");
    return out;
  }
  if (offset + packedBytes(n, width) > buf.length) throw new BlockCorruptError("packed column ends early");
  const mask = (1 << width) - 1;
  for (let i = 0, bit = 0; i < n; i++, bit += width) {
    const at = offset + (bit >>> 3);
    const word = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
    const v = (word >>> (bit & 7)) & mask;
    if (v >= limit) throw new BlockCorruptError(`index ${v} beyond a dictionary of ${limit}`);
    out[i] = v;
  }
  return out;
}
