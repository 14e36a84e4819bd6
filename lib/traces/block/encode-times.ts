// The times group: trace first starts (base, then deltas in block order), each span's start as an
// offset from its trace's first start, start_extra_ns (0 = null, v + 1), durations zigzag. Numbers
// take a fast path; values beyond 2^52 (int64 extremes) switch the whole column to bigint varints.

import { CODEC_BROTLI, sealGroup } from "@/lib/traces/block/block-group";
import { ByteWriter } from "@/lib/traces/block/byte-writer";
import type { OrderedSpans } from "@/lib/traces/block/order-spans";
import { joinSections } from "@/lib/traces/block/sections";

export const MODE_NUMBER = 0;
export const MODE_BIGINT = 1;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const HALF_SAFE = 2n ** 52n - 1n;

function starts(ordered: OrderedSpans): Buffer {
  const { rows, counts } = ordered;
  let min = rows[0].startUs;
  let max = min;
  for (const row of rows) {
    if (row.startUs < min) min = row.startUs;
    if (row.startUs > max) max = row.startUs;
  }
  const fast = min >= -SAFE && max <= SAFE && max - min <= SAFE;
  const w = new ByteWriter(rows.length * 3 + 16);
  w.u8(fast ? MODE_NUMBER : MODE_BIGINT);
  w.sbig(rows[0].startUs);
  let prev = rows[0].startUs;
  const firsts: bigint[] = [];
  for (let t = 0, i = 0; t < counts.length; i += counts[t], t++) firsts.push(rows[i].startUs);
  for (const first of firsts) {
    if (fast) w.uvar(Number(first - prev));
    else w.ubig(first - prev);
    prev = first;
  }
  for (let t = 0, i = 0; t < counts.length; t++) {
    const first = firsts[t];
    for (const end = i + counts[t]; i < end; i++) {
      if (fast) w.uvar(Number(rows[i].startUs - first));
      else w.ubig(rows[i].startUs - first);
    }
  }
  return w.out();
}

function extraNs(ordered: OrderedSpans): Buffer {
  const w = new ByteWriter(ordered.rows.length + 16);
  for (const row of ordered.rows) {
    const v = row.startExtraNs;
    if (v !== null && !(Number.isSafeInteger(v) && v >= 0 && v < Number.MAX_SAFE_INTEGER))
      throw new Error(`span block: startExtraNs ${v} is not a non-negative integer`);
    w.uvar(v === null ? 0 : v + 1);
  }
  return w.out();
}

function durations(ordered: OrderedSpans): Buffer {
  const rows = ordered.rows;
  const fast = rows.every((r) => r.durationNs <= HALF_SAFE && r.durationNs >= -HALF_SAFE);
  const w = new ByteWriter(rows.length * 4 + 16);
  w.u8(fast ? MODE_NUMBER : MODE_BIGINT);
  for (const row of rows) {
    if (fast) w.svar(Number(row.durationNs));
    else w.sbig(row.durationNs);
  }
  return w.out();
}

export function encodeTimes(ordered: OrderedSpans, key: number): Buffer {
  const body = joinSections(ordered.rows.length, key, [starts(ordered), extraNs(ordered), durations(ordered)]);
  return sealGroup(body, CODEC_BROTLI);
}
