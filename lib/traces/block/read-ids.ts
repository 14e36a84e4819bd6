// Reads the ids group and the raw trace id column of a block: which rows each trace has, the span
// and parent ids, the service.

import zlib from "node:zlib";
import { openGroup } from "@/lib/traces/block/block-group";
import { MAX_BLOCK_SPANS } from "@/lib/traces/block/block-types";
import { BlockCorruptError, ByteReader } from "@/lib/traces/block/byte-reader";
import { IdList } from "@/lib/traces/block/id-list";

export class BlockIds {
  readonly service: string;
  readonly count: number;
  readonly traceCount: number;
  /** CRC-32 of the trace id column: every other group carries it, so groups of two blocks never mix. */
  readonly key: number;
  readonly hasExtra: boolean;
  /** Row where trace t starts (traceCount + 1 entries). */
  readonly traceStart: Uint32Array;
  /** Trace of each row. */
  readonly traceOf: Uint32Array;
  private readonly refs: Uint32Array;
  private readonly externalAt: Int32Array;
  private readonly spanIds: IdList;
  private readonly external: IdList;
  private readonly traceIds: IdList;
  private traceIndex: Map<string, number> | null = null;

  constructor(
    group: Buffer,
    private readonly traceColumn: Buffer,
  ) {
    const r = new ByteReader(openGroup(group, "ids"), 0, undefined, "ids group");
    this.service = r.str();
    this.count = r.count(MAX_BLOCK_SPANS, "span count");
    this.traceCount = r.count(this.count, "trace count");
    if (this.count === 0 || this.traceCount === 0) r.fail("no spans");
    const traceWidth = r.u8();
    const traceBytes = r.uvar();
    this.key = r.u32();
    if (!Buffer.isBuffer(traceColumn) || traceColumn.length !== traceBytes || zlib.crc32(traceColumn) !== this.key)
      throw new BlockCorruptError("traceIds column fails its checksum");
    const extra = r.u8();
    if (extra > 1) r.fail(`extra flag ${extra}`);
    this.hasExtra = extra === 1;
    const tr = new ByteReader(traceColumn, 0, undefined, "traceIds column");
    this.traceIds = new IdList(tr, this.traceCount, traceWidth);
    tr.finish();
    this.traceStart = new Uint32Array(this.traceCount + 1);
    this.traceOf = new Uint32Array(this.count);
    const packed = r.bytes(r.uvar());
    const structure = new ByteReader(openGroup(packed, "ids structure"), 0, undefined, "ids structure");
    this.readCounts(structure);
    this.refs = new Uint32Array(this.count);
    this.externalAt = new Int32Array(this.count);
    const externalCount = this.readRefs(structure);
    structure.finish();
    this.spanIds = new IdList(r, this.count, r.u8());
    if (r.uvar() !== externalCount) r.fail("external parent count differs from the refs");
    this.external = new IdList(r, externalCount, r.u8());
    r.finish();
  }

  private readCounts(r: ByteReader): void {
    let row = 0;
    for (let t = 0; t < this.traceCount; t++) {
      const c = r.uvar();
      if (c < 1 || row + c > this.count) r.fail("span counts do not add up");
      this.traceStart[t] = row;
      this.traceOf.fill(t, row, row + c);
      row += c;
    }
    if (row !== this.count) r.fail("span counts do not add up");
    this.traceStart[this.traceCount] = row;
  }

  private readRefs(r: ByteReader): number {
    let external = 0;
    for (let i = 0; i < this.count; i++) {
      const ref = r.uvar();
      const t = this.traceOf[i];
      if (ref >= 2 && ref - 2 >= this.traceStart[t + 1] - this.traceStart[t]) r.fail("parent ref outside its trace");
      this.refs[i] = ref;
      this.externalAt[i] = ref === 1 ? external++ : -1;
    }
    return external;
  }

  traceId(i: number): Buffer {
    return this.traceIds.at(this.traceOf[i]);
  }

  /** The id of the block's trace t (0 ≤ t < traceCount). */
  traceIdAt(t: number): Buffer {
    return this.traceIds.at(t);
  }

  spanId(i: number): Buffer {
    return this.spanIds.at(i);
  }

  parentSpanId(i: number): Buffer | null {
    const ref = this.refs[i];
    if (ref === 0) return null;
    if (ref === 1) return this.external.at(this.externalAt[i]);
    return this.spanIds.at(this.traceStart[this.traceOf[i]] + ref - 2);
  }

  /** The index of a trace in the block, or -1. */
  findTrace(traceId: Buffer): number {
    const width = this.traceIds.width;
    if (width > 0) {
      if (traceId.length !== width) return -1;
      // memmem over the raw column, keeping only matches on an id boundary.
      let at = this.traceColumn.indexOf(traceId);
      while (at >= 0 && at % width !== 0) at = this.traceColumn.indexOf(traceId, at + 1);
      return at < 0 ? -1 : at / width;
    }
    if (this.traceIndex === null) {
      this.traceIndex = new Map();
      for (let t = this.traceCount - 1; t >= 0; t--) this.traceIndex.set(this.traceIds.at(t).toString("latin1"), t);
    }
    return this.traceIndex.get(traceId.toString("latin1")) ?? -1;
  }
}
