// The ids of a block: the raw trace id column, and the ids group (service, span count per trace,
// span ids, each parent as a reference into its own trace when it is there, external parents).
// Counts and refs are a brotli group nested in the otherwise raw ids group. Parent refs: 0 = no parent, 1 = external (next id of the external list), k + 2 = k-th span of
// the same trace.

import zlib from "node:zlib";
import { CODEC_BROTLI, CODEC_NONE, sealGroup } from "@/lib/traces/block/block-group";
import { ByteWriter } from "@/lib/traces/block/byte-writer";
import { checkText } from "@/lib/traces/block/dictionary-column";
import { commonWidth, writeIds } from "@/lib/traces/block/id-list";
import type { OrderedSpans } from "@/lib/traces/block/order-spans";

function traceIdColumn(traceIds: Buffer[], width: number): Buffer {
  if (width > 0) return Buffer.concat(traceIds);
  const w = new ByteWriter();
  writeIds(w, traceIds, 0);
  return w.out();
}

/** Parent refs of one trace's spans (rows[from, from + count)), external parents appended to `external`. */
function parentRefs(ordered: OrderedSpans, from: number, count: number, refs: Uint32Array, external: Buffer[]) {
  const rows = ordered.rows;
  let local: Map<string, number> | null = null;
  for (let i = from; i < from + count; i++) {
    const parent = rows[i].parentSpanId;
    if (parent === null) continue;
    let k = -1;
    if (count <= 16) {
      for (let j = from; j < from + count; j++)
        if (rows[j].spanId.equals(parent)) {
          k = j - from;
          break;
        }
    } else {
      if (local === null) {
        local = new Map();
        for (let j = from + count - 1; j >= from; j--) local.set(rows[j].spanId.toString("latin1"), j - from);
      }
      k = local.get(parent.toString("latin1")) ?? -1;
    }
    if (k >= 0) refs[i] = k + 2;
    else {
      refs[i] = 1;
      external.push(parent);
    }
  }
}

export function encodeIds(
  ordered: OrderedSpans,
  service: string,
  hasExtra: boolean,
): { traceIds: Buffer; ids: Buffer; key: number } {
  const { rows, traceIds, counts } = ordered;
  const traceWidth = commonWidth(traceIds);
  const traceColumn = traceIdColumn(traceIds, traceWidth);
  const refs = new Uint32Array(rows.length);
  const external: Buffer[] = [];
  for (let t = 0, from = 0; t < counts.length; from += counts[t], t++)
    parentRefs(ordered, from, counts[t], refs, external);
  const spanIds = rows.map((r) => r.spanId);
  const spanWidth = commonWidth(spanIds);
  const externalWidth = commonWidth(external);
  checkText(service, "service");
  const w = new ByteWriter(rows.length * 12 + 64);
  w.str(service);
  w.uvar(rows.length);
  w.uvar(traceIds.length);
  w.u8(traceWidth);
  w.uvar(traceColumn.length);
  const key = zlib.crc32(traceColumn);
  w.u32(key);
  w.u8(hasExtra ? 1 : 0);
  // Counts and refs compress to almost nothing; the ids are random, so brotli would only spend time on them.
  const structure = new ByteWriter(rows.length + counts.length + 16);
  for (const c of counts) structure.uvar(c);
  for (const ref of refs) structure.uvar(ref);
  const packed = sealGroup(structure.out(), CODEC_BROTLI);
  w.uvar(packed.length);
  w.bytes(packed);
  w.u8(spanWidth);
  writeIds(w, spanIds, spanWidth);
  w.uvar(external.length);
  w.u8(externalWidth);
  writeIds(w, external, externalWidth);
  return { traceIds: traceColumn, ids: sealGroup(w.out(), CODEC_NONE), key };
}
