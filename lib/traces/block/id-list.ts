// A list of ids (trace, span or parent ids) as packed bytes: one width byte, then the ids
// back to back when all have that width (16 or 8 from OTLP), or width 0 and each id preceded
// by its length, so ids of any length round-trip.

import type { ByteReader } from "@/lib/traces/block/byte-reader";
import type { ByteWriter } from "@/lib/traces/block/byte-writer";

/** The common byte length of ids (1-255), or 0 when they differ, are empty or longer. */
export function commonWidth(ids: readonly Buffer[]): number {
  if (ids.length === 0) return 0;
  const w = ids[0].length;
  if (w === 0 || w > 255) return 0;
  for (const id of ids) if (id.length !== w) return 0;
  return w;
}

/** Writes ids in the layout `width` (from commonWidth): back to back, or each length-prefixed. */
export function writeIds(w: ByteWriter, ids: readonly Buffer[], width: number): void {
  for (const id of ids) {
    if (width === 0) w.uvar(id.length);
    w.bytes(id);
  }
}

/** ids written by writeIds, read in place: id i is a view into the buffer (do not mutate it). */
export class IdList {
  private readonly starts: Uint32Array | null = null;
  private readonly ends: Uint32Array | null = null;
  private readonly base: number;

  constructor(
    private readonly r: ByteReader,
    readonly count: number,
    readonly width: number,
  ) {
    this.base = r.pos;
    if (width > 0) {
      r.skip(count * width);
      return;
    }
    this.starts = new Uint32Array(count);
    this.ends = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      this.starts[i] = r.skip(r.uvar());
      this.ends[i] = r.pos;
    }
  }

  at(i: number): Buffer {
    const buf = this.r.buf;
    if (this.starts === null) return buf.subarray(this.base + i * this.width, this.base + (i + 1) * this.width);
    return buf.subarray(this.starts[i], this.ends![i]);
  }
}
