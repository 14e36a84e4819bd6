// Reads the attrs group (encode-attributes.ts): a span's attributes text is rebuilt from its shape
// and the value of each of its keys, read by the span's rank among the spans having that key.

import { bitWidth, packedBytes, unpackAll } from "@/lib/traces/block/bit-pack";
import { openGroup } from "@/lib/traces/block/block-group";
import { BlockCorruptError, type ByteReader } from "@/lib/traces/block/byte-reader";
import { joinMembers } from "@/lib/traces/block/attribute-text";
import { SHAPE_RAW } from "@/lib/traces/block/encode-attributes";
import type { BlockIds } from "@/lib/traces/block/read-ids";
import { splitSections } from "@/lib/traces/block/sections";
import { ValueColumn } from "@/lib/traces/block/value-column";

interface Shape {
  raw: boolean;
  keys: number[];
  names: string[];
}

/** Column RAW holds the texts that are not split; key k's values are column k + 1. */
const RAW = 0;

export class BlockAttributes {
  private sections: ByteReader[] = [];
  private shapes: Shape[] = [];
  private keys: string[] = [];
  private shapeOf: Uint32Array = new Uint32Array(0);
  private columns: (ValueColumn | undefined)[] = [];
  private ranks: (Uint32Array | undefined)[] = [];
  private opened = false;

  constructor(
    private readonly group: Buffer,
    private readonly ids: BlockIds,
  ) {}

  private open(): void {
    const n = this.ids.count;
    this.sections = splitSections(openGroup(this.group, "attrs"), n, this.ids.key, null, "attrs group");
    if (this.sections.length < 3) throw new BlockCorruptError("attrs group has too few sections");
    const r = this.sections[0];
    const keyCount = r.count(n * 64 + 64, "key count");
    for (let k = 0; k < keyCount; k++) this.keys.push(r.str());
    if (this.sections.length !== keyCount + 3) r.fail("section count differs from the key count");
    const shapeCount = r.count(n, "shape count");
    for (let s = 0; s < shapeCount; s++) this.shapes.push(this.readShape(r, keyCount));
    r.finish();
    const index = this.sections[1];
    const width = index.u8();
    if (width !== (shapeCount > 1 ? bitWidth(shapeCount - 1) : 0)) index.fail("shape index width");
    this.shapeOf = unpackAll(index.buf, index.skip(packedBytes(n, width)), width, n, shapeCount);
    index.finish();
    this.columns = new Array(keyCount + 1);
    this.ranks = new Array(keyCount + 1);
    this.opened = true;
  }

  private readShape(r: ByteReader, keyCount: number): Shape {
    const kind = r.u8();
    if (kind === SHAPE_RAW) return { raw: true, keys: [], names: [] };
    if (kind !== 0) r.fail(`shape kind ${kind}`);
    const length = r.count(keyCount, "shape length");
    const keys = Array.from({ length }, () => r.count(keyCount - 1, "key index") + 1);
    return { raw: false, keys, names: keys.map((k) => this.keys[k - 1]) };
  }

  /** Each span's rank among the spans having column c, computed on the column's first use. */
  private rank(c: number): Uint32Array {
    let ranks = this.ranks[c];
    if (ranks !== undefined) return ranks;
    const has = this.shapes.map((s) => (c === RAW ? s.raw : s.keys.includes(c)));
    ranks = new Uint32Array(this.shapeOf.length);
    let count = 0;
    for (let i = 0; i < ranks.length; i++) {
      ranks[i] = count;
      if (has[this.shapeOf[i]]) count++;
    }
    this.ranks[c] = ranks;
    this.columns[c] = new ValueColumn(this.sections[c + 2], count);
    return ranks;
  }

  private value(c: number, i: number): string {
    const rank = this.rank(c)[i];
    return this.columns[c]!.at(rank);
  }

  text(i: number): string {
    if (!this.opened) this.open();
    const shape = this.shapes[this.shapeOf[i]];
    if (shape.raw) return this.value(RAW, i);
    const values = new Array<string>(shape.keys.length);
    for (let k = 0; k < values.length; k++) values[k] = this.value(shape.keys[k], i);
    return joinMembers(shape.names, values);
  }
}
