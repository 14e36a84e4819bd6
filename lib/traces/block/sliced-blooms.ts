// Many blocks' trace-id filters kept bit-sliced (a "signature file" turned on its side): for each
// filter size and each bit position, one bitmap over the blocks. Probing a trace id ANDs the
// BLOOM_K bitmaps of its positions, reading k · blocks / 8 bytes in order, where testing each
// filter reads one scattered cache line per block. At 3,500 blocks a probe takes microseconds
// instead of about 0.7 ms, and it grows by a word per 32 blocks.

import { BLOOM_K } from "@/lib/traces/block/trace-bloom";

/** The blocks of one filter size. Column c is one block; slice p holds bit p of every block's filter. */
class SizeClass {
  /** Bitmaps, slice p at [p · words, (p + 1) · words). */
  private slices = new Uint32Array(0);
  private words = 0;
  readonly ids: (string | null)[] = [];
  private readonly free: number[] = [];

  constructor(readonly bits: number) {}

  get bytes(): number {
    return this.slices.byteLength;
  }

  private grow(): void {
    const words = Math.max(1, this.words * 2);
    const next = new Uint32Array(this.bits * words);
    for (let p = 0; p < this.bits; p++) next.set(this.slices.subarray(p * this.words, (p + 1) * this.words), p * words);
    this.slices = next;
    this.words = words;
  }

  add(id: string, bloom: Buffer): number {
    let column = this.free.pop();
    if (column === undefined) {
      column = this.ids.length;
      if (column >= this.words * 32) this.grow();
      this.ids.push(id);
    } else this.ids[column] = id;
    const [word, bit] = [column >>> 5, 1 << (column & 31)];
    for (let byte = 0; byte < bloom.length; byte++) {
      const value = bloom[byte];
      if (value === 0) continue;
      for (let b = 0; b < 8; b++) if (value & (1 << b)) this.slices[(byte * 8 + b) * this.words + word] |= bit;
    }
    return column;
  }

  remove(column: number): void {
    const [word, mask] = [column >>> 5, ~(1 << (column & 31))];
    for (let p = 0; p < this.bits; p++) this.slices[p * this.words + word] &= mask;
    this.ids[column] = null;
    this.free.push(column);
  }

  /** Columns whose filters have every bit of (h1, h2), as trace-bloom.ts places them. */
  probe([h1, h2]: [number, number], into: Set<string>): void {
    const offsets = Array.from({ length: BLOOM_K }, (_, i) => ((h1 + i * h2) % this.bits) * this.words);
    const used = Math.ceil(this.ids.length / 32);
    for (let w = 0; w < used; w++) {
      let hits = 0xffffffff;
      for (let i = 0; i < BLOOM_K && hits !== 0; i++) hits &= this.slices[offsets[i] + w];
      while (hits !== 0) {
        const low = hits & -hits;
        const id = this.ids[w * 32 + 31 - Math.clz32(low)];
        if (id !== null && id !== undefined) into.add(id);
        hits ^= low;
      }
    }
  }
}

/** Filters of any sizes, by block id. */
export class SlicedBlooms {
  private readonly classes = new Map<number, SizeClass>();
  private readonly where = new Map<string, { size: SizeClass; column: number }>();

  get size(): number {
    return this.where.size;
  }

  /** Bytes the bitmaps take (capacity included). */
  get bytes(): number {
    let total = 0;
    for (const size of this.classes.values()) total += size.bytes;
    return total;
  }

  has(id: string): boolean {
    return this.where.has(id);
  }

  ids(): IterableIterator<string> {
    return this.where.keys();
  }

  add(id: string, bloom: Buffer): void {
    if (this.where.has(id) || bloom.length === 0) return;
    const bits = bloom.length * 8;
    let size = this.classes.get(bits);
    if (!size) this.classes.set(bits, (size = new SizeClass(bits)));
    this.where.set(id, { size, column: size.add(id, bloom) });
  }

  delete(id: string): void {
    const found = this.where.get(id);
    if (!found) return;
    found.size.remove(found.column);
    this.where.delete(id);
  }

  /** The ids of the blocks whose filters may hold one of these traces (hashes from bloomHashes). */
  probe(hashes: [number, number][]): string[] {
    const found = new Set<string>();
    for (const size of this.classes.values()) for (const h of hashes) size.probe(h, found);
    return [...found];
  }
}
