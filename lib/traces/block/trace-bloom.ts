// The trace-id filter stored with each block. The readers probe it in SQL with get_bit, so the
// scheme is fixed: md5 of the id, double hashing, K bits, PostgreSQL get_bit bit order.

import { hash } from "node:crypto";

export const BLOOM_K = 8;
const MIN_BYTES = 64;
const BYTES_PER_TRACE = 2;

/** h1 = md5 bytes 0-3 as uint32 LE, h2 = (bytes 4-7 as uint32 LE) | 1. */
export function bloomHashes(traceId: Buffer): [h1: number, h2: number] {
  const d = hash("md5", traceId, "buffer");
  return [d.readUInt32LE(0), (d.readUInt32LE(4) | 1) >>> 0];
}

/** Bit i of the K: (h1 + i * h2) mod (8 * bytes), exact (below 2^36, so no float rounding). */
const position = (h1: number, h2: number, i: number, bits: number): number => (h1 + i * h2) % bits;

/** The byte length for n traces: a power of two, at least 2 bytes per trace and at least 64. */
export function bloomBytes(n: number): number {
  let bytes = MIN_BYTES;
  while (bytes < n * BYTES_PER_TRACE) bytes *= 2;
  return bytes;
}

export function buildBloom(traceIds: Buffer[]): Buffer {
  const bloom = Buffer.alloc(bloomBytes(traceIds.length));
  const bits = bloom.length * 8;
  for (const id of traceIds) {
    const [h1, h2] = bloomHashes(id);
    for (let i = 0; i < BLOOM_K; i++) {
      const n = position(h1, h2, i, bits);
      bloom[n >> 3] |= 1 << (n & 7);
    }
  }
  return bloom;
}

/** False only when the trace is certainly not in the block. */
export function bloomHas(bloom: Buffer, traceId: Buffer): boolean {
  return bloomHasHashes(bloom, bloomHashes(traceId));
}

/** bloomHas with the id's hashes worked out once (when one id is probed against many filters). */
export function bloomHasHashes(bloom: Buffer, [h1, h2]: [number, number]): boolean {
  const bits = bloom.length * 8;
  if (bits === 0) return false;
  for (let i = 0; i < BLOOM_K; i++) {
    const n = position(h1, h2, i, bits);
    if (((bloom[n >> 3] >> (n & 7)) & 1) === 0) return false;
  }
  return true;
}
