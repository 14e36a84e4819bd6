// A dictionary column: the distinct values of a column in first-seen order (null kept apart from
// '', numbers and bigints kept as such), then one bit-packed index per span. Texts are decoded only
// when asked for, so reading one trace does not decode a whole block's values.

import { bitWidth, packedBytes, readPacked, unpackAll, writePacked } from "@/lib/traces/block/bit-pack";
import { type ByteReader } from "@/lib/traces/block/byte-reader";
import type { ByteWriter } from "@/lib/traces/block/byte-writer";

export type DictValue = string | number | bigint | null;

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const BIG = 3;

/** The distinct values of `values` and each one's index. */
export function buildDictionary<T extends DictValue>(values: readonly T[]): { dict: T[]; idx: Uint32Array } {
  const seen = new Map<T, number>();
  const dict: T[] = [];
  const idx = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let k = seen.get(v);
    if (k === undefined) {
      k = dict.length;
      seen.set(v, k);
      dict.push(v);
    }
    idx[i] = k;
  }
  return { dict, idx };
}

/** Refuses text UTF-8 can not carry (a lone surrogate would come back as U+FFFD). */
export function checkText(s: string, what: string): void {
  if (!s.isWellFormed()) throw new Error(`span block: ${what} holds a lone surrogate, which UTF-8 can not store`);
}

export function writeDictionary(w: ByteWriter, dict: readonly DictValue[], idx: ArrayLike<number>, what: string): void {
  w.uvar(dict.length);
  for (const v of dict) {
    if (v === null) w.u8(NULL);
    else if (typeof v === "string") {
      checkText(v, what);
      w.u8(TEXT);
      w.str(v);
    } else if (typeof v === "number") {
      w.u8(NUMBER);
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleLE(v);
      w.bytes(b);
    } else {
      w.u8(BIG);
      w.sbig(v);
    }
  }
  const width = dict.length > 1 ? bitWidth(dict.length - 1) : 0;
  w.u8(width);
  writePacked(w, idx, width);
}

/** A dictionary column read in place: entries parsed to offsets, values decoded on first use. */
export class DictionaryColumn {
  private readonly cache: (DictValue | undefined)[];
  private readonly kinds: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly width: number;
  private readonly packedAt: number;

  constructor(
    private readonly r: ByteReader,
    readonly n: number,
    maxSize: number,
  ) {
    const size = r.count(maxSize, "dictionary size");
    this.cache = new Array(size);
    this.kinds = new Uint8Array(size);
    this.starts = new Uint32Array(size);
    this.ends = new Uint32Array(size);
    for (let k = 0; k < size; k++) this.readEntry(k);
    this.width = r.u8();
    if (this.width !== (size > 1 ? bitWidth(size - 1) : 0)) r.fail(`index width ${this.width} for ${size} values`);
    if (size === 0 && n > 0) r.fail("values without a dictionary");
    this.packedAt = r.skip(packedBytes(n, this.width));
  }

  private readEntry(k: number): void {
    const r = this.r;
    const kind = r.u8();
    this.kinds[k] = kind;
    if (kind === NULL) return;
    const length = kind === TEXT ? r.uvar() : kind === NUMBER ? 8 : -1;
    if (kind === BIG) {
      this.cache[k] = r.sbig();
      return;
    }
    if (length < 0) r.fail(`value kind ${kind}`);
    this.starts[k] = r.skip(length);
    this.ends[k] = r.pos;
  }

  get size(): number {
    return this.kinds.length;
  }

  value(k: number): DictValue {
    const cached = this.cache[k];
    if (cached !== undefined) return cached;
    const kind = this.kinds[k];
    const v =
      kind === NULL
        ? null
        : kind === TEXT
          ? this.r.buf.toString("utf8", this.starts[k], this.ends[k])
          : this.r.buf.readDoubleLE(this.starts[k]);
    this.cache[k] = v;
    return v;
  }

  /** The dictionary index of row i (checked against the dictionary size). */
  indexOf(i: number): number {
    const k = readPacked(this.r.buf, this.packedAt, this.width, i);
    if (k >= this.kinds.length) this.r.fail(`index ${k} beyond a dictionary of ${this.kinds.length}`);
    return k;
  }

  at(i: number): DictValue {
    return this.value(this.indexOf(i));
  }

  /** Every row's index, checked. */
  indexes(): Uint32Array {
    return unpackAll(this.r.buf, this.packedAt, this.width, this.n, this.kinds.length);
  }

  /** Every row's value. */
  all(): DictValue[] {
    const idx = this.indexes();
    const values = Array.from({ length: this.kinds.length }, (_, k) => this.value(k));
    const out = new Array<DictValue>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = values[idx[i]];
    return out;
  }
}
