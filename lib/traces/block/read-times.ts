// Reads the times group (encode-times.ts), one section at a time on first use.

import { openGroup } from "@/lib/traces/block/block-group";
import type { ByteReader } from "@/lib/traces/block/byte-reader";
import { MODE_BIGINT, MODE_NUMBER } from "@/lib/traces/block/encode-times";
import type { BlockIds } from "@/lib/traces/block/read-ids";
import { splitSections } from "@/lib/traces/block/sections";

/**
 * An int64 column: safe integers as a Float64Array, turned into bigints once many rows are read
 * (a filter reads an array then, instead of making a bigint per read; one trace makes a few).
 */
class Int64Column {
  private big: bigint[] | null;
  private reads = 0;

  constructor(
    private readonly numbers: Float64Array | null,
    big: bigint[] | null,
  ) {
    this.big = big;
  }

  at(i: number): bigint {
    if (this.big !== null) return this.big[i];
    if (++this.reads < 64) return BigInt(this.numbers![i]);
    const numbers = this.numbers!;
    const big = new Array<bigint>(numbers.length);
    for (let k = 0; k < numbers.length; k++) big[k] = BigInt(numbers[k]);
    this.big = big;
    return big[i];
  }
}

export class BlockTimes {
  private sections: ByteReader[] | null = null;
  private starts: Int64Column | null = null;
  private extra: Float64Array | null = null;
  private durations: Int64Column | null = null;

  constructor(
    private readonly group: Buffer,
    private readonly ids: BlockIds,
  ) {}

  private section(k: number): ByteReader {
    this.sections ??= splitSections(openGroup(this.group, "times"), this.ids.count, this.ids.key, 3, "times group");
    return this.sections[k];
  }

  startUs(i: number): bigint {
    this.starts ??= this.readStarts(this.section(0));
    return this.starts.at(i);
  }

  startExtraNs(i: number): number | null {
    this.extra ??= this.readExtra(this.section(1));
    const v = this.extra[i];
    return v < 0 ? null : v;
  }

  durationNs(i: number): bigint {
    this.durations ??= this.readDurations(this.section(2));
    return this.durations.at(i);
  }

  private readStarts(r: ByteReader): Int64Column {
    const { count, traceCount, traceStart } = this.ids;
    const mode = r.u8();
    if (mode !== MODE_NUMBER && mode !== MODE_BIGINT) r.fail(`mode ${mode}`);
    const base = r.sbig();
    const fast = mode === MODE_NUMBER;
    if (fast && (base > BigInt(Number.MAX_SAFE_INTEGER) || base < -BigInt(Number.MAX_SAFE_INTEGER)))
      r.fail("base out of range");
    const firstsN = new Float64Array(traceCount);
    const firstsB: bigint[] = [];
    let prevN = Number(base);
    let prevB = base;
    for (let t = 0; t < traceCount; t++) {
      if (fast) firstsN[t] = prevN += r.uvar();
      else firstsB.push((prevB += r.ubig()));
    }
    const numbers = new Float64Array(fast ? count : 0);
    const out = new Array<bigint>(fast ? 0 : count);
    for (let t = 0; t < traceCount; t++) {
      for (let i = traceStart[t]; i < traceStart[t + 1]; i++) {
        if (fast) numbers[i] = firstsN[t] + r.uvar();
        else out[i] = firstsB[t] + r.ubig();
      }
    }
    if (fast && numbers.some((v) => !Number.isSafeInteger(v))) r.fail("start beyond the safe range");
    r.finish();
    return new Int64Column(fast ? numbers : null, fast ? null : out);
  }

  private readExtra(r: ByteReader): Float64Array {
    const out = new Float64Array(this.ids.count);
    for (let i = 0; i < out.length; i++) out[i] = r.uvar() - 1;
    r.finish();
    return out;
  }

  private readDurations(r: ByteReader): Int64Column {
    const mode = r.u8();
    const n = this.ids.count;
    if (mode === MODE_NUMBER) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = r.svar();
      r.finish();
      return new Int64Column(out, null);
    }
    if (mode !== MODE_BIGINT) r.fail(`mode ${mode}`);
    const out = new Array<bigint>(n);
    for (let i = 0; i < n; i++) out[i] = r.sbig();
    r.finish();
    return new Int64Column(null, out);
  }
}
